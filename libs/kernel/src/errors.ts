/**
 * Domain errors carry a stable code (`NOTICE.ITEM_NOT_REPORTED`) and a kind; the kind alone
 * decides the HTTP status and the job outcome, in one place each.
 */
export type DomainErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: illegal transition, duplicate, version conflict
  | 'precondition_failed' // 412: If-Match mismatch
  | 'unprocessable' // 422: well-formed but refers to something impossible
  | 'throttled'; // 429

export interface FieldError {
  field: string;
  messages: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, fieldErrors: FieldError[] = []) =>
  new DomainError('invalid', code, message, {}, fieldErrors);
export const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const unprocessable = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('unprocessable', code, message, details);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

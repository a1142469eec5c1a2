import { DomainError, DomainErrorKind, FieldError } from './errors.js';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  throttled: 429,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleForStatus(status: number): string {
  return TITLE_BY_STATUS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemTypeFor(code: string): string {
  return `urn:problem:${code.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`;
}

export function problemFromDomainError(error: DomainError): ProblemDetails {
  const status = STATUS_BY_KIND[error.kind];
  // Details come first: a detail named like a member (`status`, `type`) must never replace it,
  // or the HTTP status becomes a word and the reply a 500.
  const problem: ProblemDetails = {
    ...error.details,
    type: problemTypeFor(error.code),
    title: titleForStatus(status),
    status,
    detail: error.message,
    code: error.code,
  };
  if (error.fieldErrors.length > 0) problem.errors = error.fieldErrors;
  return problem;
}

export function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: problemTypeFor(code), title: titleForStatus(status), status, detail, code, ...extra };
}

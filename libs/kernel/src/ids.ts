import { v5 as uuidv5, v7 as uuidv7, validate as validateUuid } from 'uuid';

/** Time-ordered ids (UUID v7): they index well and sort by creation. */
export function newId(): string {
  return uuidv7();
}

const NAMESPACE = '6f1d8d0e-3c55-4b9e-9a57-2a4f1c3b7e10';

/**
 * The same name always gives the same UUID (v5). Used for event ids of effects that
 * may run more than once (a retried job): the second append is recognised as a duplicate.
 */
export function deterministicId(...parts: Array<string | number>): string {
  return uuidv5(parts.join('\u001f'), NAMESPACE);
}

export function isUuid(value: string): boolean {
  return validateUuid(value);
}

import { createHash } from 'node:crypto';
import { v7 as uuidv7, validate as validateUuid } from 'uuid';

/** Time-ordered ids (UUID v7): they index well and sort by creation. */
export function newId(): string {
  return uuidv7();
}

const NAMESPACE = '6f1d8d0e-3c55-4b9e-9a57-2a4f1c3b7e10';
const NAMESPACE_BYTES = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * The same name always gives the same UUID (v5, RFC 9562 §5.5: SHA-1 of the namespace and the
 * name). Used for event ids of effects that may run more than once (a retried job): the second
 * append is recognised as a duplicate. Hashed with node:crypto directly: the `uuid` package's
 * v5 encodes the name byte by byte in JavaScript, a measurable share of a ladder step's CPU
 * (bench:escalation). The ids are the same as that package's (ids.spec.ts): stored events keep
 * theirs.
 */
export function deterministicId(...parts: Array<string | number>): string {
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(parts.join('\u001f'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function isUuid(value: string): boolean {
  return validateUuid(value);
}

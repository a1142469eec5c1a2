/**
 * Folded aggregate state kept as JSON in a read model: Dates are tagged so they come back as
 * Dates (a plain JSON round trip would turn them into strings the evolve functions do not expect).
 */
export function encodeState(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeState);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeState(v)]));
  }
  return value;
}

export function decodeState<T>(value: unknown): T {
  return decode(value) as T;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$date' && typeof record.$date === 'string') return new Date(record.$date);
    return Object.fromEntries(keys.map((k) => [k, decode(record[k])]));
  }
  return value;
}

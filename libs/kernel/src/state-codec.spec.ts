import { decodeState, encodeState } from './state-codec.js';

describe('state codec', () => {
  it('round-trips Dates, arrays, nulls and nested objects through JSON', () => {
    const state = { at: new Date('2025-03-01T01:02:03.004Z'), items: [{ due: new Date(0), n: 1 }, null, 'x'], none: null, deep: { ok: true } };
    const encoded = JSON.parse(JSON.stringify(encodeState(state))) as unknown;
    expect(encoded).toEqual({ at: { $date: '2025-03-01T01:02:03.004Z' }, items: [{ due: { $date: '1970-01-01T00:00:00.000Z' }, n: 1 }, null, 'x'], none: null, deep: { ok: true } });
    expect(decodeState(encoded)).toEqual(state);
  });

  it('keeps a user-given key __proto__ as data, never as the prototype', () => {
    const figures = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}') as Record<string, unknown>;
    const encoded = JSON.parse(JSON.stringify(encodeState({ figures }))) as { figures: Record<string, unknown> };
    expect(Object.keys(encoded.figures)).toEqual(['__proto__', 'a']);
    const decoded = decodeState<{ figures: Record<string, unknown> }>(encoded);
    expect(Object.getPrototypeOf(decoded.figures)).toBe(Object.prototype);
    expect(Object.keys(decoded.figures)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves an object with $date and other keys as an object', () => {
    expect(decodeState({ $date: '2025-01-01T00:00:00.000Z', other: 1 })).toEqual({ $date: '2025-01-01T00:00:00.000Z', other: 1 });
  });
});

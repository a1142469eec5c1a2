import { v5 as uuidv5 } from 'uuid';
import { deterministicId, isUuid } from './ids.js';

describe('deterministicId', () => {
  it('gives the same UUID v5 as the uuid package did, so ids of stored events stay the same', () => {
    const names: Array<Array<string | number>> = [
      ['ladder', 'notice-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'missed', 3],
      ['idempotency', 'user-1', 'key with spaces and 中文 characters'],
      [''],
      ['a', 1, 'b', 2.5],
    ];
    for (const parts of names) {
      expect(deterministicId(...parts)).toBe(uuidv5(parts.join('\u001f'), '6f1d8d0e-3c55-4b9e-9a57-2a4f1c3b7e10'));
    }
  });

  it('is a valid version-5 UUID, different for different names', () => {
    const id = deterministicId('x', 1);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect(deterministicId('x', 2)).not.toBe(id);
    expect(deterministicId('x', 1)).toBe(id);
  });
});

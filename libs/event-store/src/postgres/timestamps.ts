import pg from 'pg';

const TIMESTAMPTZ = pg.types.builtins.TIMESTAMPTZ;
const parseAnyTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

/**
 * A timestamptz as PostgreSQL prints it with DateStyle ISO ('2026-03-01 16:30:00.123456+08',
 * '+05:30' offsets), read without regular expressions; anything else (BC, infinity, a five-digit
 * year, an offset with seconds, years before 100) as node-postgres reads it, and to the same
 * instant. A rebuild reads two timestamps of every event: node-postgres's parser was ~3 % of its
 * CPU (bench:province).
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return parseAnyTimestamptz(text);
  }
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(19) === 46) {
    i = 20;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    // As node-postgres computes it (a fraction of microseconds, then cut to the millisecond by Date).
    ms = 1000 * parseFloat(text.slice(19, i));
  }
  const sign = text.charCodeAt(i);
  const rest = n - i - 1;
  if ((sign !== 43 && sign !== 45) || !(rest === 2 || (rest === 5 && text.charCodeAt(i + 3) === 58))) return parseAnyTimestamptz(text);
  const offsetMs = twoDigits(text, i + 1) * 3_600_000 + (rest === 5 ? twoDigits(text, i + 4) * 60_000 : 0);
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // Not digits where digits belong (NaN in the sum), or a year Date.UTC would read as 19xx.
  if (Number.isNaN(offsetMs + year + month + day + hour + minute + second) || year < 100) return parseAnyTimestamptz(text);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(sign === 43 ? wall - offsetMs : wall + offsetMs);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NaN;
}

/** A statement's types (node-postgres's `types` option): timestamptz by `parseTimestamptz`, the rest as node-postgres reads them. */
export const EVENT_ROW_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary' ? parseTimestamptz : pg.types.getTypeParser(oid, format ?? 'text'),
};

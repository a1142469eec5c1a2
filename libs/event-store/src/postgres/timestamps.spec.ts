import pg from 'pg';
import { EVENT_ROW_TYPES, parseTimestamptz } from './timestamps.js';

const nodePostgres = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;

describe('parseTimestamptz: the instant node-postgres reads, faster', () => {
  it.each([
    '2026-03-01 16:30:00+08',
    '2026-03-01 16:30:00.5+08',
    '2026-03-01 16:30:00.123456+00',
    '2026-03-01 16:30:00.999999-05',
    '2026-03-01 16:30:00.057+05:30',
    '2026-03-01 00:00:00.000001-09:30',
    '1901-01-01 00:00:00+08:05:43', // an offset with seconds (local mean time)
    '0099-06-01 12:00:00+00', // a year Date.UTC reads as 1999
    '0500-06-01 12:00:00+00',
    '0044-03-15 12:00:00+00 BC',
    '12026-03-01 16:30:00+08', // a five-digit year
    'infinity',
    '-infinity',
    '2026-03-01 16:30:0x+08', // not a timestamp node-postgres would make sense of either
  ])('%s', (text) => {
    const ours = parseTimestamptz(text) as Date | number;
    const theirs = nodePostgres(text);
    expect(typeof ours).toBe(typeof theirs);
    expect(ours instanceof Date ? ours.getTime() : ours).toEqual(theirs instanceof Date ? theirs.getTime() : theirs);
  });

  it('agrees over many instants, fractions and offsets', () => {
    const offsets = ['+00', '+08', '-05', '+05:30', '-09:30', '+14', '-12'];
    const wrong: string[] = [];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const offset = offsets[i % offsets.length]!;
      const minutes = (offset[0] === '+' ? 1 : -1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4) || 0));
      const wall = new Date(1e12 + next() * 1e12 + minutes * 60_000).toISOString();
      const fraction = i % 7 === 0 ? '' : `.${String(Math.floor(next() * 1e6)).padStart(6, '0').slice(0, 1 + (i % 6))}`;
      const text = `${wall.slice(0, 10)} ${wall.slice(11, 19)}${fraction}${offset}`;
      if (parseTimestamptz(text).getTime() !== (nodePostgres(text) as Date).getTime()) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('is what a statement reading events uses for timestamptz, node-postgres’s parsers for the rest', () => {
    expect(EVENT_ROW_TYPES.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text')).toBe(parseTimestamptz);
    expect(EVENT_ROW_TYPES.getTypeParser(pg.types.builtins.JSONB, 'text')).toBe(pg.types.getTypeParser(pg.types.builtins.JSONB, 'text'));
    expect(EVENT_ROW_TYPES.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'binary')).toBe(pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'binary'));
  });
});

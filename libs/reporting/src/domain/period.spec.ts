import { DomainError } from '@app/kernel';
import {
  formatPeriod,
  isPeriod,
  nextPeriod,
  parsePeriod,
  periodContaining,
  periodEnd,
  periodMonths,
  periodsStartingAt,
  periodStart,
  previousPeriod,
  startOfLocalDay,
} from './period.js';

const TZ = 'Asia/Shanghai';

describe('periods', () => {
  describe('parse and format', () => {
    it.each([
      ['2026-Q1', { year: 2026, cadence: 'quarterly', index: 1 }],
      ['2026-Q4', { year: 2026, cadence: 'quarterly', index: 4 }],
      ['2026-H1', { year: 2026, cadence: 'half-yearly', index: 1 }],
      ['2026-H2', { year: 2026, cadence: 'half-yearly', index: 2 }],
      ['2026', { year: 2026, cadence: 'yearly', index: 1 }],
    ])('reads %s and writes it back the same', (text, parsed) => {
      expect(parsePeriod(text)).toEqual(parsed);
      expect(formatPeriod(parsePeriod(text))).toBe(text);
    });

    it.each(['2026-Q5', '2026-Q0', '2026-H3', '2026-q1', '26-Q1', '2026Q1', ' 2026-Q1', '2026-Q1 ', '2026-M01', '', '1899', '2026-'])(
      'refuses %j as an invalid period',
      (text) => {
        let thrown: unknown;
        try {
          parsePeriod(text);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DomainError);
        expect((thrown as DomainError).kind).toBe('invalid');
        expect((thrown as DomainError).code).toBe('PERIOD.INVALID');
        expect(isPeriod(text)).toBe(false);
      },
    );

    it('refuses a hand-built period that does not exist', () => {
      expect(() => formatPeriod({ year: 2026, cadence: 'half-yearly', index: 3 })).toThrow(DomainError);
      expect(() => formatPeriod({ year: 2026.5, cadence: 'yearly', index: 1 })).toThrow(DomainError);
    });
  });

  describe('months', () => {
    it.each([
      ['2026-Q1', '2026-01-01', 3],
      ['2026-Q4', '2026-10-01', 3],
      ['2026-H2', '2026-07-01', 6],
      ['2026', '2026-01-01', 12],
    ])('%s covers the months from %s, %i of them', (period, first, count) => {
      expect(periodMonths(period)).toEqual({ first, count });
    });
  });

  describe('previous and next', () => {
    it.each([
      ['2026-Q1', '2025-Q4'],
      ['2026-Q3', '2026-Q2'],
      ['2026-H1', '2025-H2'],
      ['2026-H2', '2026-H1'],
      ['2026', '2025'],
    ])('before %s comes %s', (period, previous) => {
      expect(previousPeriod(period)).toBe(previous);
      expect(nextPeriod(previous)).toBe(period);
    });
  });

  describe('start and end in the business time zone', () => {
    it('a quarter runs from 00:00 of its first day to 23:59:59.999 of its last day, Shanghai time', () => {
      expect(periodStart('2026-Q1', TZ).toISOString()).toBe('2025-12-31T16:00:00.000Z');
      expect(periodEnd('2026-Q1', TZ).toISOString()).toBe('2026-03-31T15:59:59.999Z');
      expect(periodStart('2026-Q4', TZ).toISOString()).toBe('2026-09-30T16:00:00.000Z');
      expect(periodEnd('2026-Q4', TZ).toISOString()).toBe('2026-12-31T15:59:59.999Z');
    });

    it('half-years and years', () => {
      expect(periodStart('2026-H2', TZ)).toEqual(new Date('2026-07-01T00:00:00+08:00'));
      expect(periodEnd('2026-H1', TZ)).toEqual(new Date('2026-06-30T23:59:59.999+08:00'));
      expect(periodStart('2026', TZ)).toEqual(new Date('2026-01-01T00:00:00+08:00'));
      expect(periodEnd('2026', TZ)).toEqual(new Date('2026-12-31T23:59:59.999+08:00'));
    });

    it('the end of one period is 1 ms before the start of the next', () => {
      for (const p of ['2024-Q1', '2026-Q2', '2026-H2', '2027']) {
        expect(periodEnd(p, TZ).getTime() + 1).toBe(periodStart(nextPeriod(p), TZ).getTime());
      }
    });

    it('follows daylight saving in zones that have it', () => {
      // New York: EDT (-04:00) from 8 March 2026, so 1 April starts at 04:00 UTC, 1 January at 05:00 UTC.
      expect(periodStart('2026-Q2', 'America/New_York').toISOString()).toBe('2026-04-01T04:00:00.000Z');
      expect(periodStart('2026-Q1', 'America/New_York').toISOString()).toBe('2026-01-01T05:00:00.000Z');
      expect(startOfLocalDay(2026, 3, 9, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    });
  });

  describe('the period containing an instant', () => {
    it('uses the local day, not the UTC day', () => {
      // 31 March 2026, 23:30 UTC is already 1 April 07:30 in Shanghai.
      const instant = new Date('2026-03-31T23:30:00Z');
      expect(periodContaining(instant, 'quarterly', TZ)).toBe('2026-Q2');
      expect(periodContaining(instant, 'quarterly', 'UTC')).toBe('2026-Q1');
      expect(periodContaining(instant, 'half-yearly', TZ)).toBe('2026-H1');
      expect(periodContaining(new Date('2026-06-30T16:00:00Z'), 'half-yearly', TZ)).toBe('2026-H2');
      expect(periodContaining(instant, 'yearly', TZ)).toBe('2026');
    });
  });

  describe('which periods start on a day (for the opening job)', () => {
    it('1 January starts Q1 and H1', () => {
      expect(periodsStartingAt(new Date('2026-01-01T00:00:00+08:00'), TZ)).toEqual(['2026-Q1', '2026-H1']);
    });

    it('1 April starts only Q2; 1 July starts Q3 and H2', () => {
      expect(periodsStartingAt(new Date('2026-04-01T09:00:00+08:00'), TZ)).toEqual(['2026-Q2']);
      expect(periodsStartingAt(new Date('2026-07-01T23:59:00+08:00'), TZ)).toEqual(['2026-Q3', '2026-H2']);
    });

    it('any other day starts nothing', () => {
      expect(periodsStartingAt(new Date('2026-04-02T09:00:00+08:00'), TZ)).toEqual([]);
      expect(periodsStartingAt(new Date('2026-02-01T09:00:00+08:00'), TZ)).toEqual([]);
    });

    it('judges the day in the business zone', () => {
      // 30 September 16:30 UTC is 1 October 00:30 in Shanghai.
      expect(periodsStartingAt(new Date('2026-09-30T16:30:00Z'), TZ)).toEqual(['2026-Q4']);
      expect(periodsStartingAt(new Date('2026-09-30T15:30:00Z'), TZ)).toEqual([]);
    });

    it('includes the year when asked for yearly periods', () => {
      expect(periodsStartingAt(new Date('2026-01-01T08:00:00+08:00'), TZ, ['yearly', 'quarterly'])).toEqual(['2026-Q1', '2026']);
    });
  });
});

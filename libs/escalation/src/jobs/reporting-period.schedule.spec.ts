import { PERIOD_OPENING_SCHEDULES, periodStartingAt } from './reporting-period.schedule.js';

describe('the reporting-period opening schedule', () => {
  it('names the period that starts at the occurrence, in the business time zone', () => {
    // 2026-04-01 00:00 in Shanghai is 2026-03-31 16:00 UTC: still March in UTC, already Q2 in Shanghai.
    expect(periodStartingAt(new Date('2026-03-31T16:00:00Z'), 'quarterly', 'Asia/Shanghai')).toBe('2026-Q2');
    expect(periodStartingAt(new Date('2025-12-31T16:00:00Z'), 'quarterly', 'Asia/Shanghai')).toBe('2026-Q1');
    expect(periodStartingAt(new Date('2026-06-30T16:00:00Z'), 'half-yearly', 'Asia/Shanghai')).toBe('2026-H2');
    expect(periodStartingAt(new Date('2025-12-31T16:00:00Z'), 'half-yearly', 'Asia/Shanghai')).toBe('2026-H1');
  });

  it('fires at midnight on the first day of each quarter and of each half-year', () => {
    expect(PERIOD_OPENING_SCHEDULES.map((s) => [s.cadence, s.pattern])).toEqual([
      ['quarterly', '0 0 1 1,4,7,10 *'],
      ['half-yearly', '0 0 1 1,7 *'],
    ]);
  });
});

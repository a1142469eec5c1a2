import { BusinessCalendar, CalendarSet, parseCalendarData, WEEKENDS_ONLY_VERSION } from './calendar.js';
import { endOfDay, localDateOf } from './time-zone.js';
import { DomainError } from '../errors.js';

const TZ = 'Asia/Shanghai';
/** A Shanghai wall-clock time as an instant. */
const shanghai = (local: string) => new Date(`${local}+08:00`);

/**
 * Part of the 2026 State Council schedule, inline so this spec does no I/O; the shipped
 * config/calendar/2026.json is checked in calendar.loader.int-spec.ts.
 */
const days = (from: string, to: number) =>
  Array.from({ length: to - Number(from.slice(8)) + 1 }, (_, i) => `${from.slice(0, 8)}${String(Number(from.slice(8)) + i).padStart(2, '0')}`);
const fixture2026 = {
  year: 2026,
  version: '2026.1',
  source: 'spec fixture',
  holidays: [...days('2026-01-01', 3), ...days('2026-02-15', 23), ...days('2026-10-01', 7)],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'],
};
const calendars = new CalendarSet([fixture2026]);

describe('time zone helpers', () => {
  it('ends a day at 23:59:59.999 in the business zone', () => {
    expect(endOfDay('2026-03-02', TZ).toISOString()).toBe('2026-03-02T15:59:59.999Z');
    expect(endOfDay('2026-03-02', 'UTC').toISOString()).toBe('2026-03-02T23:59:59.999Z');
  });

  it('follows a daylight-saving change', () => {
    // New York is UTC-4 in July and UTC-5 in January.
    expect(endOfDay('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-02T03:59:59.999Z');
    expect(endOfDay('2026-01-05', 'America/New_York').toISOString()).toBe('2026-01-06T04:59:59.999Z');
  });

  it('reads the local day of an instant', () => {
    expect(localDateOf(new Date('2026-03-01T16:30:00Z'), TZ)).toBe('2026-03-02');
    expect(localDateOf(new Date('2026-03-01T15:59:59.999Z'), TZ)).toBe('2026-03-01');
  });

  it('refuses a date that does not exist', () => {
    expect(() => endOfDay('2026-02-30', TZ)).toThrow(RangeError);
  });
});

describe('working days across 2026 holidays', () => {
  it.each([
    ['2026-01-01', false], // 元旦, Thursday
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday before 春节
    ['2026-02-16', false], // 春节, Monday
    ['2026-02-24', true],
    ['2026-02-28', true], // make-up Saturday after 春节
    ['2026-03-01', false], // plain Sunday
    ['2026-10-10', true], // make-up Saturday
  ])('%s working: %s', (date, working) => {
    expect(calendars.isWorkingDay(date)).toBe(working);
  });

  it('skips the Spring Festival holiday and counts its make-up Saturday', () => {
    // Friday 13 Feb, 10:00. Working days after it: Sat 14 (调休) = 1, then 15–23 off, Tue 24 = 2.
    const result = calendars.addWorkingDays(shanghai('2026-02-13T10:00:00'), 2, TZ);
    expect(result.dueAt.toISOString()).toBe(endOfDay('2026-02-24', TZ).toISOString());
    expect(result).toMatchObject({ calendarVersion: '2026.1', fallback: false });
  });

  it('counts the National Day make-up Saturday 10 October', () => {
    // Wednesday 30 Sep: 1–7 Oct off, Thu 8 = 1, Fri 9 = 2, Sat 10 (调休) = 3.
    const result = calendars.addWorkingDays(shanghai('2026-09-30T18:00:00'), 3, TZ);
    expect(result.dueAt).toEqual(endOfDay('2026-10-10', TZ));
  });

  it('counts from the business day, not the UTC day', () => {
    // 01:00 Monday 2 March in Shanghai is still Sunday 1 March in UTC.
    const result = calendars.addWorkingDays(shanghai('2026-03-02T01:00:00'), 1, TZ);
    expect(result.dueAt).toEqual(endOfDay('2026-03-03', TZ));
  });

  it('refuses a count that is not a positive whole number', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => calendars.addWorkingDays(shanghai('2026-03-02T10:00:00'), n, TZ)).toThrow(DomainError);
    }
  });
});

describe('a year without data', () => {
  it('falls back to weekends only and says so', () => {
    const year = calendars.forYear(2031);
    expect(year.fallback).toBe(true);
    expect(year.version).toBe(WEEKENDS_ONLY_VERSION);
    // 2031-01-01 is a Wednesday: without data it is a working day.
    expect(calendars.isWorkingDay('2031-01-01')).toBe(true);
    const result = calendars.addWorkingDays(shanghai('2031-01-03T09:00:00'), 1, TZ); // Friday
    expect(result).toEqual({ dueAt: endOfDay('2031-01-06', TZ), calendarVersion: WEEKENDS_ONLY_VERSION, fallback: true });
  });

  it('records both years when a count runs across New Year', () => {
    // Wednesday 30 Dec 2026: Thu 31 = 1, Fri 1 Jan 2027 (no data, so a working day) = 2.
    const result = calendars.addWorkingDays(shanghai('2026-12-30T09:00:00'), 2, TZ);
    expect(result).toEqual({ dueAt: endOfDay('2027-01-01', TZ), calendarVersion: '2026:2026.1,2027:weekends-only', fallback: true });
  });
});

describe('calendar data', () => {
  const valid = { year: 2030, version: 'test', source: 'spec', holidays: ['2030-01-01'], workdays: ['2030-01-05'] };

  it('is checked field by field', () => {
    expect(() => parseCalendarData({ ...valid, holidays: ['2030-02-30'] })).toThrow(/holidays/);
    expect(() => parseCalendarData({ ...valid, workdays: ['2029-12-29'] })).toThrow(/outside 2030/);
    expect(() => parseCalendarData({ ...valid, workdays: ['2030-01-01'] })).toThrow(/both/);
    expect(() => parseCalendarData({ ...valid, version: '' })).toThrow(/version/);
    expect(() => parseCalendarData({ ...valid, source: 42 })).toThrow(/source/);
  });

  it('makes a listed Saturday a working day and a listed weekday a day off', () => {
    const year = new BusinessCalendar(parseCalendarData(valid));
    expect(year.isWorkingDay('2030-01-05')).toBe(true); // Saturday
    expect(year.isWorkingDay('2030-01-01')).toBe(false); // Tuesday
    expect(year.isWorkingDay('2030-01-06')).toBe(false); // Sunday
  });

  it('refuses the same year twice', () => {
    expect(() => new CalendarSet([valid, valid])).toThrow(/twice/);
  });
});

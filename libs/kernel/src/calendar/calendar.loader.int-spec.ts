import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendars } from './calendar.loader.js';
import { endOfDay } from './time-zone.js';

const TZ = 'Asia/Shanghai';
const configDir = fileURLToPath(new URL('../../../../config/calendar/', import.meta.url));
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('config/calendar as shipped', () => {
  const calendars = loadCalendars(configDir);
  const year = calendars.forYear(2026);

  it('holds 2026 from the State Council notice, with its source', () => {
    expect(year.fallback).toBe(false);
    expect(year.version).toBe('2026.1');
    expect(JSON.stringify(year.data.source)).toContain('2026年部分节假日安排');
    expect(year.data.holidays).toHaveLength(33);
    expect(year.data.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it.each([
    ['2026-01-01', false], // 元旦, Thursday
    ['2026-01-02', false], // 元旦, Friday
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday before 春节
    ['2026-02-16', false], // 春节, Monday
    ['2026-02-23', false], // last day of 春节, Monday
    ['2026-02-24', true],
    ['2026-02-28', true], // make-up Saturday after 春节
    ['2026-04-06', false], // 清明, Monday
    ['2026-05-04', false], // 劳动节, Monday
    ['2026-05-05', false], // 劳动节, Tuesday
    ['2026-05-09', true], // make-up Saturday
    ['2026-06-19', false], // 端午, Friday
    ['2026-09-20', true], // make-up Sunday
    ['2026-09-25', false], // 中秋, Friday
    ['2026-10-07', false], // 国庆, Wednesday
    ['2026-10-08', true], // Thursday after 国庆
    ['2026-10-10', true], // make-up Saturday
  ])('%s working: %s', (date, working) => {
    expect(calendars.isWorkingDay(date)).toBe(working);
  });

  it('puts a Labour Day deadline past the holiday', () => {
    // Thursday 30 April: 1–5 May off, Wed 6 = 1, Thu 7 = 2, Fri 8 = 3, Sat 9 (调休) = 4.
    const result = calendars.addWorkingDays(shanghai('2026-04-30T15:00:00'), 4, TZ);
    expect(result).toEqual({ dueAt: endOfDay('2026-05-09', TZ), calendarVersion: '2026.1', fallback: false });
  });
});

describe('loadCalendars', () => {
  const valid = { year: 2030, version: 'test', source: 'spec', holidays: ['2030-01-01'], workdays: [] };

  it('reads every <year>.json and ignores other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
    writeFileSync(join(dir, '2030.json'), JSON.stringify(valid));
    writeFileSync(join(dir, 'README.md'), 'not a calendar');
    const set = loadCalendars(dir);
    expect(set.years()).toEqual([2030]);
    expect(set.isWorkingDay('2030-01-01')).toBe(false);
  });

  it('refuses a file named for another year', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
    writeFileSync(join(dir, '2029.json'), JSON.stringify(valid));
    expect(() => loadCalendars(dir)).toThrow(/named for 2029/);
  });

  it('refuses a file that is not JSON, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'));
    writeFileSync(join(dir, '2030.json'), '{ nope');
    expect(() => loadCalendars(dir)).toThrow(/2030\.json: not valid JSON/);
  });

  it('refuses a directory that does not exist', () => {
    expect(() => loadCalendars(join(tmpdir(), 'no-such-calendar-dir'))).toThrow(/does not exist/);
  });
});

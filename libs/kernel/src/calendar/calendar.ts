import { invalid } from '../errors.js';
import { addDays, endOfDay, isLocalDate, localDateOf, weekdayOf } from './time-zone.js';

/** Where a year's schedule comes from (the State Council notice), kept with the data. */
export type CalendarSource = string | { title: string; url: string; [more: string]: unknown };

/** A year's working-day data as stored in `config/calendar/<year>.json`. */
export interface CalendarData {
  year: number;
  /** Recorded in every event whose deadline was computed with it. */
  version: string;
  source: CalendarSource;
  /** Days off (public holidays and the weekend days bridged into them). */
  holidays: string[];
  /** Make-up working days (调休): weekend days that are working days. */
  workdays: string[];
  notes?: string[];
}

export const WEEKENDS_ONLY_VERSION = 'weekends-only';

export interface WorkingDayResult {
  /** The end (23:59:59.999 local) of the n-th working day. */
  dueAt: Date;
  /** The calendar version(s) used; a year without data reads `weekends-only`. */
  calendarVersion: string;
  /** True when a year on the way had no data and only weekends were skipped. */
  fallback: boolean;
}

/** Checks stored calendar JSON; a bad file stops the start with a message naming the field. */
export function parseCalendarData(json: unknown, origin = 'calendar'): CalendarData {
  const fail = (message: string): never => {
    throw new Error(`${origin}: ${message}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('must be a JSON object');
  const raw = json as Record<string, unknown>;
  if (!Number.isInteger(raw.year) || (raw.year as number) < 1970 || (raw.year as number) > 9999) fail('"year" must be a four-digit integer');
  const year = raw.year as number;
  if (typeof raw.version !== 'string' || raw.version.trim() === '') fail('"version" must be a non-empty string');
  const source = raw.source;
  const sourceOk =
    (typeof source === 'string' && source.trim() !== '') ||
    (typeof source === 'object' && source !== null && typeof (source as { title?: unknown }).title === 'string' && typeof (source as { url?: unknown }).url === 'string');
  if (!sourceOk) fail('"source" must be a string or {title, url}');
  const days = (field: 'holidays' | 'workdays'): string[] => {
    const list = raw[field];
    if (!Array.isArray(list)) return fail(`"${field}" must be an array of YYYY-MM-DD dates`);
    for (const day of list) {
      if (!isLocalDate(day)) fail(`"${field}" has "${String(day)}", not a date YYYY-MM-DD`);
      if (!(day as string).startsWith(`${year}-`)) fail(`"${field}" has ${String(day)}, outside ${year}`);
    }
    return [...new Set(list as string[])].sort();
  };
  const holidays = days('holidays');
  const workdays = days('workdays');
  const both = holidays.filter((day) => workdays.includes(day));
  if (both.length > 0) fail(`${both.join(', ')} listed both as holiday and as workday`);
  if (raw.notes !== undefined && (!Array.isArray(raw.notes) || raw.notes.some((n) => typeof n !== 'string'))) fail('"notes" must be an array of strings');
  return { year, version: raw.version as string, source: source as CalendarSource, holidays, workdays, notes: raw.notes as string[] | undefined };
}

/** One year's working days. Pure: built from data, no I/O. */
export class BusinessCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly workdays: ReadonlySet<string>;

  constructor(readonly data: CalendarData, readonly fallback = false) {
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
  }

  /** A year nobody has loaded data for: only Saturdays and Sundays are off. */
  static weekendsOnly(year: number): BusinessCalendar {
    return new BusinessCalendar({ year, version: WEEKENDS_ONLY_VERSION, source: 'no calendar data: weekends only', holidays: [], workdays: [] }, true);
  }

  get year(): number {
    return this.data.year;
  }

  get version(): string {
    return this.data.version;
  }

  /** `date` is a local day 'YYYY-MM-DD' of this calendar's year. */
  isWorkingDay(date: string): boolean {
    if (!isLocalDate(date)) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
    if (Number(date.slice(0, 4)) !== this.year) throw new RangeError(`${date} is not in ${this.year}`);
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6;
  }

  /** As CalendarSet.addWorkingDays with this year only; other years fall back to weekends. */
  addWorkingDays(from: Date, n: number, tz: string): WorkingDayResult {
    return new CalendarSet([this]).addWorkingDays(from, n, tz);
  }
}

/** Every loaded year; a deadline may run across New Year. */
export class CalendarSet {
  private readonly byYear = new Map<number, BusinessCalendar>();

  constructor(calendars: Iterable<BusinessCalendar | CalendarData> = []) {
    for (const entry of calendars) {
      const calendar = entry instanceof BusinessCalendar ? entry : new BusinessCalendar(parseCalendarData(entry));
      if (this.byYear.has(calendar.year)) throw new Error(`calendar for ${calendar.year} given twice`);
      this.byYear.set(calendar.year, calendar);
    }
  }

  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /** The year's calendar, or a weekends-only one that says it is a fallback. */
  forYear(year: number): BusinessCalendar {
    return this.byYear.get(year) ?? BusinessCalendar.weekendsOnly(year);
  }

  isWorkingDay(date: string): boolean {
    if (!isLocalDate(date)) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
    return this.forYear(Number(date.slice(0, 4))).isWorkingDay(date);
  }

  /**
   * "Within n working days": counting starts the day after `from`'s local day, so a notice
   * issued on Friday afternoon with 1 working day is due at the end of Monday (or of the
   * next working day after a holiday).
   */
  addWorkingDays(from: Date, n: number, tz: string): WorkingDayResult {
    if (!Number.isInteger(n) || n < 1 || n > 3660) {
      throw invalid('CALENDAR.WORKING_DAYS_INVALID', `dueInWorkingDays must be a whole number from 1 to 3660, got ${n}`);
    }
    if (Number.isNaN(from.getTime())) throw new RangeError('Invalid Date');
    let day = localDateOf(from, tz);
    const used = new Map<number, BusinessCalendar>();
    let counted = 0;
    while (counted < n) {
      day = addDays(day, 1);
      const calendar = this.forYear(Number(day.slice(0, 4)));
      used.set(calendar.year, calendar);
      if (calendar.isWorkingDay(day)) counted += 1;
    }
    const calendars = [...used.values()].sort((a, b) => a.year - b.year);
    return {
      dueAt: endOfDay(day, tz),
      // Across New Year both years' versions are recorded: `2026:2026.1,2027:weekends-only`.
      calendarVersion: calendars.length === 1 ? calendars[0].version : calendars.map((c) => `${c.year}:${c.version}`).join(','),
      fallback: calendars.some((c) => c.fallback),
    };
  }
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusinessCalendar, CalendarSet, parseCalendarData } from './calendar.js';

const YEAR_FILE = /^(\d{4})\.json$/;

/**
 * Reads every `<year>.json` in `dir` (config/calendar). Kept apart from calendar.ts so the
 * calendar itself stays pure. A bad file throws, naming the file and the field.
 */
export function loadCalendars(dir: string): CalendarSet {
  if (!existsSync(dir)) throw new Error(`calendar directory ${dir} does not exist`);
  const calendars: BusinessCalendar[] = [];
  for (const name of readdirSync(dir).sort()) {
    const match = YEAR_FILE.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const data = parseCalendarData(json, path);
    if (data.year !== Number(match[1])) throw new Error(`${path}: "year" is ${data.year}, but the file is named for ${match[1]}`);
    calendars.push(new BusinessCalendar(data));
  }
  return new CalendarSet(calendars);
}

/**
 * Local-day arithmetic in an IANA time zone with nothing but Intl (no dependency). A local day
 * is a 'YYYY-MM-DD' string; instants are Dates.
 */
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let format = formatters.get(tz);
  if (!format) {
    // Throws a RangeError for an unknown zone, which is what a caller should see.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, format);
  }
  return format;
}

function wallClock(instant: Date, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Local time minus UTC at that instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(instant: Date, tz: string): number {
  const time = instant.getTime();
  const day = Math.floor(time / DAY_MS);
  let days = offsetsByDay.get(tz);
  const known = days?.get(day);
  if (known !== undefined) return known;
  // A day whose first and last second have the same offset has it throughout (no zone changes its
  // offset and back within a day); a day with a change is asked second by second, never kept.
  const first = offsetAt(day * DAY_MS, tz);
  if (first !== offsetAt(day * DAY_MS + DAY_MS - 1000, tz)) return offsetAt(time, tz);
  // Kept only for a zone Intl knows (an unknown one has thrown by now).
  if (!days) offsetsByDay.set(tz, (days = new Map()));
  else if (days.size >= MAX_DAYS_KEPT) days.clear();
  days.set(day, first);
  return first;
}

const DAY_MS = 86_400_000;
/** About thirty years of days per zone (a decade's rebuild asks each of ~3,650 days many times). */
const MAX_DAYS_KEPT = 10_000;
/**
 * Zone offsets by UTC day: formatToParts is ~1 µs a call, and a rebuild asks for the local day of
 * most events it folds (bench:province).
 */
const offsetsByDay = new Map<string, Map<number, number>>();

function offsetAt(time: number, tz: string): number {
  const wall = wallClock(new Date(time), tz);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = time - (((time % 1000) + 1000) % 1000);
  return asUtc - wholeSeconds;
}

export function isLocalDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = LOCAL_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function parseLocalDate(date: string): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`"${date}" is not a calendar date YYYY-MM-DD`);
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** The calendar day an instant falls on in the zone. */
export function localDateOf(instant: Date, tz: string): string {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  // The wall clock's fields are the UTC fields of the instant moved by the zone's offset.
  const wall = new Date(time + zoneOffsetMs(instant, tz));
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${String(wall.getUTCMonth() + 1).padStart(2, '0')}-${String(wall.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parseLocalDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parseLocalDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The last millisecond of a local day (23:59:59.999 in the zone): "due on that day" means this. */
export function endOfDay(date: string, tz: string): Date {
  const [y, m, d] = parseLocalDate(date);
  return wallTimeToInstant(Date.UTC(y, m - 1, d, 23, 59, 59, 999), tz);
}

/** The first millisecond of a local day (00:00 in the zone): when a day, or a period, begins. */
export function startOfDay(date: string, tz: string): Date {
  const [y, m, d] = parseLocalDate(date);
  return wallTimeToInstant(Date.UTC(y, m - 1, d), tz);
}

/**
 * The instant a wall-clock time (given as if it were UTC) has in the zone. Guess with the offset
 * at the wall time read as UTC, then correct once: enough for any zone whose offset changes at
 * most once around the guess (DST), exact where it never does.
 */
function wallTimeToInstant(wall: number, tz: string): Date {
  let instant = wall - zoneOffsetMs(new Date(wall), tz);
  instant = wall - zoneOffsetMs(new Date(instant), tz);
  return new Date(instant);
}

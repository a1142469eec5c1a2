import { invalid, localDateOf, startOfDay } from '@app/kernel';

/**
 * Reporting periods as clients write them (DESIGN §7): `2026-Q1`…`2026-Q4`, `2026-H1`,
 * `2026-H2`, `2026`. Calendar arithmetic happens in the business time zone, because "the
 * quarter ends" means midnight in Shanghai, not in UTC.
 */
export const CADENCES = ['quarterly', 'half-yearly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface Period {
  year: number;
  cadence: Cadence;
  /** 1..4 for quarters, 1..2 for half-years, 1 for a year. */
  index: number;
}

/** Functions take either the text or the parsed value; the text is validated on the way in. */
export type PeriodLike = Period | string;

const PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 9998; // periodEnd and due dates look into the following year

const MONTHS_PER: Record<Cadence, number> = { quarterly: 3, 'half-yearly': 6, yearly: 12 };
const COUNT_PER_YEAR: Record<Cadence, number> = { quarterly: 4, 'half-yearly': 2, yearly: 1 };

export function parsePeriod(text: string): Period {
  const match = typeof text === 'string' ? PATTERN.exec(text) : null;
  const year = match ? Number(match[1]) : NaN;
  if (!match || year < MIN_YEAR || year > MAX_YEAR) {
    throw invalid('PERIOD.INVALID', `"${String(text)}" is not a period such as 2026-Q1, 2026-H2 or 2026`, [
      { field: 'period', messages: ['must be YYYY-Q1..Q4, YYYY-H1|H2 or YYYY'] },
    ]);
  }
  const suffix = match[2];
  if (!suffix) return { year, cadence: 'yearly', index: 1 };
  return { year, cadence: suffix[0] === 'Q' ? 'quarterly' : 'half-yearly', index: Number(suffix[1]) };
}

export function isPeriod(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try {
    parsePeriod(text);
    return true;
  } catch {
    return false;
  }
}

export function formatPeriod(period: PeriodLike): string {
  const p = toPeriod(period);
  switch (p.cadence) {
    case 'quarterly':
      return `${p.year}-Q${p.index}`;
    case 'half-yearly':
      return `${p.year}-H${p.index}`;
    case 'yearly':
      return `${p.year}`;
  }
}

export function toPeriod(period: PeriodLike): Period {
  if (typeof period === 'string') return parsePeriod(period);
  // A hand-built value goes through the same check as text.
  const valid =
    CADENCES.includes(period.cadence) &&
    Number.isInteger(period.year) &&
    Number.isInteger(period.index) &&
    period.index >= 1 &&
    period.index <= COUNT_PER_YEAR[period.cadence];
  if (!valid) throw invalid('PERIOD.INVALID', `${JSON.stringify(period)} is not a period`);
  return parsePeriod(unsafeFormat(period));
}

function unsafeFormat(p: Period): string {
  if (p.cadence === 'yearly') return String(p.year).padStart(4, '0');
  return `${String(p.year).padStart(4, '0')}-${p.cadence === 'quarterly' ? 'Q' : 'H'}${p.index}`;
}

/** 1-based month in which the period starts. */
function firstMonth(p: Period): number {
  return (p.index - 1) * MONTHS_PER[p.cadence] + 1;
}

/** The calendar months a period covers: the first as a local date (`2026-10-01`) and how many. */
export function periodMonths(period: PeriodLike): { first: string; count: number } {
  const p = toPeriod(period);
  return { first: `${String(p.year).padStart(4, '0')}-${String(firstMonth(p)).padStart(2, '0')}-01`, count: MONTHS_PER[p.cadence] };
}

export function previousPeriod(period: PeriodLike): string {
  const p = toPeriod(period);
  if (p.index > 1) return formatPeriod({ ...p, index: p.index - 1 });
  return formatPeriod({ ...p, year: p.year - 1, index: COUNT_PER_YEAR[p.cadence] });
}

export function nextPeriod(period: PeriodLike): string {
  const p = toPeriod(period);
  if (p.index < COUNT_PER_YEAR[p.cadence]) return formatPeriod({ ...p, index: p.index + 1 });
  return formatPeriod({ ...p, year: p.year + 1, index: 1 });
}

/** The instant the period begins: 00:00 of its first day in the business zone. */
export function periodStart(period: PeriodLike, tz: string): Date {
  const p = toPeriod(period);
  return startOfLocalDay(p.year, firstMonth(p), 1, tz);
}

/** The last instant of the period: 23:59:59.999 of its last day in the business zone. */
export function periodEnd(period: PeriodLike, tz: string): Date {
  return new Date(startOfDayAfterPeriod(toPeriod(period), 0, tz).getTime() - 1);
}

/** 00:00 (business zone) of the first day after the period, moved on by `days` calendar days. */
export function startOfDayAfterPeriod(p: Period, days: number, tz: string): Date {
  const lastMonth = firstMonth(p) + MONTHS_PER[p.cadence] - 1;
  // Date.UTC rolls month 13 into January and day 11 of it forward, so this is calendar-safe.
  return startOfLocalDay(p.year, lastMonth + 1, 1 + days, tz);
}

export function periodContaining(instant: Date, cadence: Cadence, tz: string): string {
  const { year, month } = localDate(instant, tz);
  return formatPeriod({ year, cadence, index: Math.floor((month - 1) / MONTHS_PER[cadence]) + 1 });
}

/**
 * The periods of the given cadences that begin on the local day of `instant` (the recurring
 * opening job runs daily and asks "what starts today?"). Quarters and half-years by default,
 * because those are the reporting cadences; pass `yearly` too when a duty uses it.
 */
export function periodsStartingAt(
  instant: Date,
  tz: string,
  cadences: readonly Cadence[] = ['quarterly', 'half-yearly'],
): string[] {
  const { year, month, day } = localDate(instant, tz);
  if (day !== 1) return [];
  return CADENCES.filter((cadence) => cadences.includes(cadence))
    .filter((cadence) => (month - 1) % MONTHS_PER[cadence] === 0)
    .map((cadence) => formatPeriod({ year, cadence, index: (month - 1) / MONTHS_PER[cadence] + 1 }));
}

// Time-zone arithmetic is the kernel's (Intl only); these adapt it to year/month/day numbers.

/** The calendar day of `instant` in the zone. */
export function localDate(instant: Date, tz: string): { year: number; month: number; day: number } {
  const [year, month, day] = localDateOf(instant, tz).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** 00:00 of a local calendar day as an instant. Month and day may overflow (Date.UTC normalises them). */
export function startOfLocalDay(year: number, month: number, day: number, tz: string): Date {
  return startOfDay(new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10), tz);
}

/**
 * ISO 8601 durations (`P7D`, `PT5M`, `P1DT2H`, `PT0.5S`, `-P1D`) as milliseconds. Days are
 * 24 hours: escalation steps and windows are elapsed time, not calendar arithmetic. Years and
 * months are refused because their length is ambiguous.
 */
const PATTERN = /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): number {
  const match = PATTERN.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) {
    throw new Error(`"${text}" is not an ISO 8601 duration such as P3D or PT30S (weeks, days, hours, minutes, seconds)`);
  }
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 604_800_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1_000;
  return Math.round(sign ? -ms : ms);
}

export function isDuration(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

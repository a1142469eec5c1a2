/** Never copied into a summary, whatever the event. */
const SECRET_KEY = /password|secret|token/i;
const SUMMARY_MAX_CHARS = 4000;

/**
 * What a timeline entry shows of its event (GET /orgs/:id/timeline), made when a page is read: the
 * event's data without secrets, cut to its scalar fields when it is large. Nearly every event has no
 * secret to leave out: its data is then returned as it is.
 */
export function summaryOf(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  if (plainWithoutSecrets(data) && JSON.stringify(data).length <= SUMMARY_MAX_CHARS) return data as Record<string, unknown>;
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEY.test(k)).map(([k, v]) => [k, clean(v)]));
    }
    return value;
  };
  const summary = clean(data) as Record<string, unknown>;
  if (JSON.stringify(summary).length <= SUMMARY_MAX_CHARS) return summary;
  return Object.fromEntries(
    Object.entries(summary).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 200),
  );
}

/** Whether `value` is plain JSON data (as parsed from the store) with no key `clean` would leave out. */
function plainWithoutSecrets(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(plainWithoutSecrets);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (SECRET_KEY.test(key) || !plainWithoutSecrets((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

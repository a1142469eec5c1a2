import { endOfDay, localDateOf, startOfDay, zoneOffsetMs } from './time-zone.js';

/** What Intl says directly, each time: the reference the kept offsets must agree with. */
const formats = new Map<string, Intl.DateTimeFormat>();
function reference(instant: Date, tz: string): { date: string; offsetMs: number } {
  const parts: Record<string, string> = {};
  if (!formats.has(tz)) {
    formats.set(tz, new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  }
  for (const part of formats.get(tz)!.formatToParts(instant)) parts[part.type] = part.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const time = instant.getTime();
  return { date: `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`, offsetMs: asUtc - (time - (((time % 1000) + 1000) % 1000)) };
}

describe('zone offsets kept by day', () => {
  // Zones with daylight saving (an hour, half an hour), odd offsets, a skipped day (Apia, 2011-12-30),
  // local mean time before standard time (Shanghai until 1901), and the product's own zone's DST years.
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/St_Johns'];
  const spans: Array<[string, string]> = [
    ['1900-12-30T00:00:00Z', '1901-01-02T00:00:00Z'],
    ['1986-05-01T00:00:00Z', '1986-05-08T00:00:00Z'],
    ['1991-09-10T00:00:00Z', '1991-09-20T00:00:00Z'],
    ['2011-12-28T00:00:00Z', '2012-01-02T00:00:00Z'],
    ['2026-03-07T00:00:00Z', '2026-04-07T00:00:00Z'],
    ['2026-10-01T00:00:00Z', '2026-11-05T00:00:00Z'],
  ];

  it.each(zones)('agree with Intl at every instant, across changes of offset, in %s', (tz) => {
    const wrong: string[] = [];
    for (const [from, to] of spans) {
      // Every 7 min 13.5 s: instants on both sides of each change, at odd seconds and milliseconds.
      for (let time = Date.parse(from); time < Date.parse(to); time += 433_500) {
        const instant = new Date(time);
        const expected = reference(instant, tz);
        const offset = zoneOffsetMs(instant, tz);
        const date = localDateOf(instant, tz);
        if (offset !== expected.offsetMs || date !== expected.date) wrong.push(`${instant.toISOString()}: ${offset}/${date}, Intl ${expected.offsetMs}/${expected.date}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('asked again, gives what it gave (kept), and the days around a change still right', () => {
    const tz = 'America/New_York';
    const before = new Date('2026-03-08T06:59:59Z'); // 01:59:59 EST
    const after = new Date('2026-03-08T07:00:00Z'); // 03:00:00 EDT
    for (let i = 0; i < 3; i++) {
      expect(zoneOffsetMs(before, tz)).toBe(-5 * 3_600_000);
      expect(zoneOffsetMs(after, tz)).toBe(-4 * 3_600_000);
    }
    expect(startOfDay('2026-03-08', tz).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfDay('2026-03-08', tz).toISOString()).toBe('2026-03-09T03:59:59.999Z');
  });

  it('refuses an unknown zone every time (nothing kept for it)', () => {
    expect(() => localDateOf(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDateOf(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

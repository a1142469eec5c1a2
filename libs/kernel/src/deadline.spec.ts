import { dueBoundsOfLight, isOnTime, isPastDue, isWithinDueBounds, lightOf, OPEN_LIGHTS, openDeadline } from './deadline.js';

const now = new Date('2026-03-10T02:00:00.000Z');
const day = 24 * 3600 * 1000;
const at = (ms: number) => new Date(now.getTime() + ms);

describe('the light rule', () => {
  it('is red past the due time, yellow up to and including the yellow edge, green beyond', () => {
    const light = (dueInMs: number) => lightOf(openDeadline('notice', at(dueInMs)), now, 3 * day);
    expect(light(-1)).toBe('red');
    expect(light(0)).toBe('yellow');
    expect(light(3 * day)).toBe('yellow');
    expect(light(3 * day + 1)).toBe('green');
  });

  it('gives every due time exactly one open light (the bounds the SQL filters use)', () => {
    for (const dueInMs of [-day, -1, 0, 1, 3 * day - 1, 3 * day, 3 * day + 1, 30 * day]) {
      const lights = OPEN_LIGHTS.filter((l) => isWithinDueBounds(at(dueInMs), dueBoundsOfLight(l, now, 3 * day)));
      expect(lights).toEqual([lightOf(openDeadline('notice', at(dueInMs)), now, 3 * day)]);
    }
  });

  it('judges a closed deadline against its original due time', () => {
    const deadline = { ...openDeadline('notice', now), dueAt: at(day), status: 'closed' as const };
    expect(lightOf({ ...deadline, closedAt: now }, at(5 * day), day)).toBe('closed_on_time');
    expect(lightOf({ ...deadline, closedAt: at(1) }, at(5 * day), day)).toBe('closed_late');
  });

  it('judges a closing time with the same rule as past due: on time at the due time itself, late one instant after', () => {
    for (const doneInMs of [-day, -1, 0, 1, day]) {
      expect(isOnTime(at(doneInMs), now)).toBe(doneInMs <= 0);
      expect(isPastDue(now, at(doneInMs))).toBe(!isOnTime(at(doneInMs), now));
      const closed = { ...openDeadline('notice', now), status: 'closed' as const, closedAt: at(doneInMs) };
      expect(lightOf(closed, at(5 * day), day)).toBe(isOnTime(at(doneInMs), now) ? 'closed_on_time' : 'closed_late');
    }
  });
});

import { CalendarSet, DomainError, endOfDay } from '@app/kernel';
import { resolveNoticeDue } from './notice.due.js';

const TZ = 'Asia/Shanghai';
const calendars = new CalendarSet([
  { year: 2026, version: '2026.1', source: 'spec fixture', holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] },
]);
const now = new Date('2026-09-30T10:00:00+08:00'); // Wednesday
const context = { now, tz: TZ, calendars };

describe('resolveNoticeDue', () => {
  it('takes an instant as given', () => {
    expect(resolveNoticeDue({ dueAt: '2026-10-20T08:00:00Z' }, context)).toEqual({ dueAt: new Date('2026-10-20T08:00:00Z'), calendarVersion: null, fallback: false });
  });

  it('makes a day the end of that day in the business zone', () => {
    expect(resolveNoticeDue({ dueDate: '2026-10-20' }, context).dueAt.toISOString()).toBe('2026-10-20T15:59:59.999Z');
  });

  it('counts working days with the calendar and records its version', () => {
    // Thu 1, Fri 2 off; Mon 5–Wed 7 off; Thu 8 = 1, Fri 9 = 2, Sat 10 (调休) = 3.
    expect(resolveNoticeDue({ dueInWorkingDays: 3 }, context)).toEqual({ dueAt: endOfDay('2026-10-10', TZ), calendarVersion: '2026.1', fallback: false });
  });

  it.each([
    ['nothing', {}],
    ['two forms', { dueDate: '2026-10-20', dueInWorkingDays: 3 }],
    ['a bad day', { dueDate: '2026-13-01' }],
    ['a bad instant', { dueAt: 'soon' }],
    ['zero working days', { dueInWorkingDays: 0 }],
  ])('refuses %s', (_, input) => {
    expect(() => resolveNoticeDue(input, context)).toThrow(DomainError);
  });
});

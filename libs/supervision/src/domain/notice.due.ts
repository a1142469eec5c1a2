import { endOfDay, invalid, isLocalDate, type CalendarSet } from '@app/kernel';
import { NOTICE_ERRORS } from './notice.decider.js';

/** How a client may give a due time (DESIGN §7): exactly one of the three. */
export interface NoticeDueInput {
  dueAt?: string | Date | null;
  dueDate?: string | null;
  dueInWorkingDays?: number | null;
}

export interface ResolvedDue {
  dueAt: Date;
  /** Recorded in NoticeIssued; null unless working days were counted. */
  calendarVersion: string | null;
  /** True when a year on the way had no calendar data (weekends only). */
  fallback: boolean;
}

/**
 * Resolves the due time before the decider sees it: a day means the end of that day in the
 * business zone; working days are counted from the day after `now` with the calendar.
 */
export function resolveNoticeDue(input: NoticeDueInput, context: { now: Date; tz: string; calendars: CalendarSet }): ResolvedDue {
  const given = (['dueAt', 'dueDate', 'dueInWorkingDays'] as const).filter((field) => input[field] !== undefined && input[field] !== null);
  if (given.length !== 1) {
    const message = given.length === 0 ? 'give one of dueAt, dueDate or dueInWorkingDays' : `give only one of ${given.join(', ')}`;
    throw invalid(NOTICE_ERRORS.INVALID, message, [{ field: given[1] ?? 'dueAt', messages: [message] }]);
  }
  if (input.dueDate != null) {
    if (!isLocalDate(input.dueDate)) {
      throw invalid(NOTICE_ERRORS.INVALID, 'dueDate must be a date YYYY-MM-DD', [{ field: 'dueDate', messages: ['must be a date YYYY-MM-DD'] }]);
    }
    return { dueAt: endOfDay(input.dueDate, context.tz), calendarVersion: null, fallback: false };
  }
  if (input.dueInWorkingDays != null) {
    const result = context.calendars.addWorkingDays(context.now, input.dueInWorkingDays, context.tz);
    return { dueAt: result.dueAt, calendarVersion: result.calendarVersion, fallback: result.fallback };
  }
  const dueAt = new Date(input.dueAt as string | Date);
  if (Number.isNaN(dueAt.getTime())) {
    throw invalid(NOTICE_ERRORS.INVALID, 'dueAt must be an ISO 8601 instant', [{ field: 'dueAt', messages: ['must be an ISO 8601 instant'] }]);
  }
  return { dueAt, calendarVersion: null, fallback: false };
}

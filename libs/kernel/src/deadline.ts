import type { DeadlineKind } from './escalation-policy.js';

/**
 * A deadline as every subject with a due time holds it (notices now; reports and pledges too).
 * Pure data folded from the subject's own events. The escalation ladder reads it; it is never
 * a timer in memory.
 */
export type DeadlineStatus = 'open' | 'paused' | 'closed' | 'withdrawn';
export type EscalationLevel = 0 | 1 | 2 | 3;

export interface Deadline {
  kind: DeadlineKind;
  /** On-time rates are judged against this one; it never moves. */
  originalDueAt: Date;
  /** Moves on an extension (or a rework due time); the ladder is re-armed from level 0. */
  dueAt: Date;
  /**
   * Goes up each time `dueAt` moves. Scheduled jobs carry it; a job for an older version
   * is stale and does nothing.
   */
  version: number;
  status: DeadlineStatus;
  closedAt: Date | null;
  escalationLevel: EscalationLevel;
  /** Reminder offsets (ms before dueAt) already sent for the current version. */
  remindersSent: number[];
  extensions: number;
}

export function openDeadline(kind: DeadlineKind, dueAt: Date): Deadline {
  return {
    kind,
    originalDueAt: dueAt,
    dueAt,
    version: 1,
    status: 'open',
    closedAt: null,
    escalationLevel: 0,
    remindersSent: [],
    extensions: 0,
  };
}

/** An extension or a new due time: a new version, and the ladder starts again from level 0. */
export function moveDeadline(deadline: Deadline, dueAt: Date, { extension = false } = {}): Deadline {
  return {
    ...deadline,
    dueAt,
    version: deadline.version + 1,
    escalationLevel: 0,
    remindersSent: [],
    extensions: deadline.extensions + (extension ? 1 : 0),
  };
}

export function closeDeadline(deadline: Deadline, at: Date): Deadline {
  return { ...deadline, status: 'closed', closedAt: at };
}

export function withdrawDeadline(deadline: Deadline, at: Date): Deadline {
  return { ...deadline, status: 'withdrawn', closedAt: at };
}

/** The lights of an open deadline, and of every deadline (a closed one was on time or late). */
export const OPEN_LIGHTS = ['green', 'yellow', 'red'] as const;
export type OpenLight = (typeof OPEN_LIGHTS)[number];
export const CLOSED_LIGHTS = ['closed_on_time', 'closed_late'] as const;
export type ClosedLight = (typeof CLOSED_LIGHTS)[number];
export const LIGHTS = [...OPEN_LIGHTS, ...CLOSED_LIGHTS] as const;
export type Light = (typeof LIGHTS)[number];

/**
 * An interval of due times; an absent bound is open. A bound is a time (`Date`) in TypeScript;
 * the SQL builders (`dueBoundsSql` in the platform) also take a column, so a rule whose bound is
 * another column of the row (a closing time) is stated here once for both.
 */
export interface DueBounds<T = Date> {
  atOrAfter?: T;
  after?: T;
  atOrBefore?: T;
  before?: T;
}

/**
 * THE rule of "past due": the due times that have passed at `at`. A due time is met by whatever
 * happens at it or before; one instant later it is past. Red lights, overdue reports, late
 * submissions and rectifications, and closings after the original due time all ask this.
 */
export function pastDueBounds<T>(at: T): DueBounds<T> {
  return { before: at };
}

/** The due times met by something done at `doneAt`: the complement of `pastDueBounds`. */
export function metDueBounds<T>(doneAt: T): DueBounds<T> {
  return { atOrAfter: doneAt };
}

/** Whether `dueAt` has passed at `at` (`pastDueBounds`). */
export function isPastDue(dueAt: Date, at: Date): boolean {
  return isWithinDueBounds(dueAt, pastDueBounds(at));
}

/** Whether something done at `doneAt` met `dueAt` (`metDueBounds`): on time, not late. */
export function isOnTime(doneAt: Date, dueAt: Date): boolean {
  return isWithinDueBounds(dueAt, metDueBounds(doneAt));
}

/**
 * THE light rule of an open deadline (红黄绿灯) at `now`, as the due times that give each light:
 * red once the due time has passed, yellow when it is at most `yellowWithinMs` ahead, green
 * beyond. `lightOf` decides a deadline's light with it, and every query that filters by light
 * turns the same bounds into SQL (`dueBoundsSql` in the platform), so the rule is stated once.
 */
export function dueBoundsOfLight(light: OpenLight, now: Date, yellowWithinMs: number): DueBounds {
  const yellowEdge = new Date(now.getTime() + yellowWithinMs);
  switch (light) {
    case 'red':
      return pastDueBounds(now);
    case 'yellow':
      return { atOrAfter: now, atOrBefore: yellowEdge };
    case 'green':
      return { after: yellowEdge };
  }
}

/**
 * THE light rule of a closed (or withdrawn) deadline, as the original due times that give each
 * light for its closing time: on time when it closed by its original due time (an extension
 * never makes a late closing on time). `closedAt` is a time, or a column for the SQL filter.
 */
export function originalDueBoundsOfClosedLight<T>(light: ClosedLight, closedAt: T): DueBounds<T> {
  switch (light) {
    case 'closed_on_time':
      return metDueBounds(closedAt);
    case 'closed_late':
      return pastDueBounds(closedAt);
  }
}

export function isWithinDueBounds(dueAt: Date, bounds: DueBounds): boolean {
  const t = dueAt.getTime();
  return (
    (bounds.atOrAfter === undefined || t >= bounds.atOrAfter.getTime()) &&
    (bounds.after === undefined || t > bounds.after.getTime()) &&
    (bounds.atOrBefore === undefined || t <= bounds.atOrBefore.getTime()) &&
    (bounds.before === undefined || t < bounds.before.getTime())
  );
}

/**
 * 红黄绿灯, computed at read time from the clock so it never goes stale: a closed (or withdrawn)
 * deadline lies within the bounds of exactly one closed light, an open one within those of
 * exactly one open light.
 */
export function lightOf(deadline: Pick<Deadline, 'status' | 'dueAt' | 'originalDueAt' | 'closedAt'>, now: Date, yellowWithinMs: number): Light {
  if (deadline.status === 'closed' || deadline.status === 'withdrawn') {
    const closedAt = deadline.closedAt ?? now;
    return CLOSED_LIGHTS.find((light) => isWithinDueBounds(deadline.originalDueAt, originalDueBoundsOfClosedLight(light, closedAt)))!;
  }
  return OPEN_LIGHTS.find((light) => isWithinDueBounds(deadline.dueAt, dueBoundsOfLight(light, now, yellowWithinMs)))!;
}

/**
 * The subject id of a report wherever a deadline or a notification names it (the board, the
 * inbox): readable, and unique per organisation and period.
 */
export function reportSubjectId(orgId: string, period: string): string {
  return `${orgId}/${period}`;
}

/** The ladder's events, recorded on the subject's own stream so its timeline shows them. */
export const LADDER_EVENT_TYPES = ['ReminderSent', 'DeadlineMissed', 'WarningIssued', 'EscalatedToLeadership'] as const;
export type LadderEventType = (typeof LADDER_EVENT_TYPES)[number];

export type LadderEventData = {
  kind: DeadlineKind;
  /**
   * The subject as the deadline board names it (a notice id, `<orgId>/<period>` for a report),
   * so an inbox item links to the same row; absent in events recorded before it was added.
   */
  subjectId?: string;
  /** The deadline version the step was fired for. */
  deadlineVersion: number;
  dueAt: string;
  /** The organisation that must act (the target of the notice, the reporting organisation). */
  targetOrgId: string;
  /** The supervising organisation (the issuer). */
  supervisorOrgId: string;
  /** For ReminderSent: how long before the due time, in ms. */
  remindBeforeMs?: number;
  level?: EscalationLevel;
};

export function isLadderEvent(type: string): type is LadderEventType {
  return (LADDER_EVENT_TYPES as readonly string[]).includes(type);
}

/** Folds a ladder event into the deadline; every aggregate with a deadline calls this from evolve. */
export function evolveDeadlineWithLadderEvent(deadline: Deadline, type: LadderEventType, data: LadderEventData): Deadline {
  if (data.deadlineVersion !== deadline.version) return deadline;
  switch (type) {
    case 'ReminderSent':
      return { ...deadline, remindersSent: [...deadline.remindersSent, data.remindBeforeMs ?? 0] };
    case 'DeadlineMissed':
      return { ...deadline, escalationLevel: Math.max(deadline.escalationLevel, 1) as EscalationLevel };
    case 'WarningIssued':
      return { ...deadline, escalationLevel: Math.max(deadline.escalationLevel, 2) as EscalationLevel };
    case 'EscalatedToLeadership':
      return { ...deadline, escalationLevel: 3 };
  }
}

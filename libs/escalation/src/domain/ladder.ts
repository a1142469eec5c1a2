import type { Deadline, DeadlineKind, EscalationLevel, LadderEventType, LadderPolicy } from '@app/kernel';

/**
 * The escalation ladder of DESIGN §5 as a plan: which steps a deadline's current version has,
 * when each is due, and the BullMQ job id that carries it. Pure: the time comes in as `now`.
 */
export type LadderStepName = 'remind' | 'missed' | 'warn' | 'escalate';

export interface LadderStep {
  step: LadderStepName;
  /** Only for `remind`: how long before the due time, in ms. */
  remindBeforeMs?: number;
  fireAt: Date;
  deadlineVersion: number;
  /** Deterministic, so scheduling the same step twice adds one job (see `ladderJobId`). */
  jobId: string;
}

/** What a ladder job carries in Redis: enough to re-read the subject and decide again. */
export interface LadderJobData {
  kind: DeadlineKind;
  subjectId: string;
  subjectStream: string;
  deadlineVersion: number;
  step: LadderStepName;
  remindBeforeMs?: number;
}

/** The escalation level a step raises the deadline to; reminders raise nothing. */
export const STEP_LEVEL: Record<Exclude<LadderStepName, 'remind'>, Exclude<EscalationLevel, 0>> = {
  missed: 1,
  warn: 2,
  escalate: 3,
};

export const STEP_EVENT: Record<LadderStepName, LadderEventType> = {
  remind: 'ReminderSent',
  missed: 'DeadlineMissed',
  warn: 'WarningIssued',
  escalate: 'EscalatedToLeadership',
};

const LEVEL_STEPS = ['missed', 'warn', 'escalate'] as const;

/** ms as a compact ISO 8601 duration (P3D, PT2S, P1DT2H, PT0.5S) for readable job ids. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`cannot format ${ms} ms as a duration`);
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1_000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * `ladder.<kind>.<subjectId>.v<version>.<step>[.<offset>]`, e.g. `ladder.notice.<uuid>.v2.remind.P3D`.
 * BullMQ 6 refuses custom ids that are integers or contain ':' (its Redis key separator), so
 * the parts are joined by '.', and the subject id is URI-encoded so a ':' in it becomes %3A.
 * Parsed from the right the suffix is fixed, so distinct steps never share an id.
 */
export function ladderJobId(
  kind: DeadlineKind,
  subjectId: string,
  deadlineVersion: number,
  step: LadderStepName,
  remindBeforeMs?: number,
): string {
  const base = `ladder.${kind}.${encodeURIComponent(subjectId)}.v${deadlineVersion}.${step}`;
  if (step !== 'remind') return base;
  if (remindBeforeMs === undefined) throw new Error('a reminder job needs remindBeforeMs');
  return `${base}.${formatDurationMs(remindBeforeMs)}`;
}

/** When a step falls due for the deadline's current due time under the policy. */
export function stepFireAt(deadline: Pick<Deadline, 'dueAt'>, policy: LadderPolicy, step: LadderStepName, remindBeforeMs = 0): Date {
  const due = deadline.dueAt.getTime();
  switch (step) {
    case 'remind':
      return new Date(due - remindBeforeMs);
    case 'missed':
      return new Date(due);
    case 'warn':
      return new Date(due + policy.warnAfter);
    case 'escalate':
      return new Date(due + policy.escalateAfter);
  }
}

/** Whether the step already fired for the deadline's current version (the state is re-armed by `moveDeadline`). */
export function hasFired(deadline: Deadline, step: LadderStepName, remindBeforeMs?: number): boolean {
  if (step === 'remind') return remindBeforeMs !== undefined && deadline.remindersSent.includes(remindBeforeMs);
  return deadline.escalationLevel >= STEP_LEVEL[step];
}

/**
 * A reminder only makes sense before the due time, and only the closest one that is due:
 * once a closer reminder is also due (the deadline was set late, or the worker was down),
 * or the due time has passed, the earlier "N days left" message is stale and is not sent.
 * So a deadline armed 2 days before its due time gets one reminder at once (the P3D one; P7D
 * is superseded), then P1D on time. Escalation levels are never superseded: they catch up.
 * A zero offset (P0D) therefore never fires: at the due time DeadlineMissed speaks instead.
 */
export function isReminderSuperseded(deadline: Deadline, policy: LadderPolicy, remindBeforeMs: number, now: Date): boolean {
  const t = now.getTime();
  if (deadline.escalationLevel >= 1 || t >= deadline.dueAt.getTime()) return true;
  return policy.remindBefore.some((other) => other < remindBeforeMs && deadline.dueAt.getTime() - other <= t);
}

/**
 * The steps still to fire for the deadline's current version, in the order they fall due:
 * reminders at dueAt − each remindBefore, missed at dueAt, warn at dueAt + warnAfter,
 * escalate at dueAt + escalateAfter. Steps that already fired are left out, and so are
 * reminders once the deadline is missed (they can never fire again for this version). A
 * deadline that is not open (closed, withdrawn, paused) has none: the scheduler re-plans on resume.
 */
export function ladderSteps(deadline: Deadline, policy: LadderPolicy, subjectId: string): LadderStep[] {
  if (deadline.status !== 'open') return [];
  const version = deadline.version;
  const plan = (step: LadderStepName, remindBeforeMs?: number): LadderStep => ({
    step,
    ...(remindBeforeMs === undefined ? {} : { remindBeforeMs }),
    fireAt: stepFireAt(deadline, policy, step, remindBeforeMs),
    deadlineVersion: version,
    jobId: ladderJobId(deadline.kind, subjectId, version, step, remindBeforeMs),
  });
  const reminders = [...new Set(policy.remindBefore)].sort((a, b) => b - a).map((ms) => plan('remind', ms));
  const levels = LEVEL_STEPS.map((step) => plan(step));
  // Reminders come first on equal times (a zero offset), then levels in ladder order: the sort is stable.
  return [...reminders, ...levels]
    .filter((s) => !hasFired(deadline, s.step, s.remindBeforeMs) && !(s.step === 'remind' && deadline.escalationLevel >= 1))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/**
 * Every step due at `now` that has not fired and is not a superseded reminder: what the
 * reconciler fires at once after Redis lost its jobs. Levels come in order, so firing them
 * one after another (or only the last, which catches up the rest) never skips a level.
 */
export function nextDueSteps(deadline: Deadline, policy: LadderPolicy, now: Date, subjectId: string): LadderStep[] {
  return ladderSteps(deadline, policy, subjectId).filter(
    (s) =>
      s.fireAt.getTime() <= now.getTime() &&
      !(s.step === 'remind' && isReminderSuperseded(deadline, policy, s.remindBeforeMs ?? 0, now)),
  );
}

/** The job payload for a planned step of a subject. */
export function ladderJobData(step: LadderStep, kind: DeadlineKind, subjectId: string, subjectStream: string): LadderJobData {
  return {
    kind,
    subjectId,
    subjectStream,
    deadlineVersion: step.deadlineVersion,
    step: step.step,
    ...(step.remindBeforeMs === undefined ? {} : { remindBeforeMs: step.remindBeforeMs }),
  };
}

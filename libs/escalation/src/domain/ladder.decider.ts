import {
  deterministicId,
  type Deadline,
  type DeadlineKind,
  type DomainEvent,
  type LadderEventData,
  type LadderEventType,
  type LadderPolicy,
} from '@app/kernel';
import { conversationStream, type EscalationProposal } from '@app/conversations';
import { hasFired, isReminderSuperseded, STEP_EVENT, STEP_LEVEL, stepFireAt, type LadderStepName } from './ladder.js';

/** A due ladder job, re-read against the subject's current deadline. `now` is the worker's clock. */
export interface FireLadderStep {
  subjectId: string;
  /** The subject's stream (`notice-<uuid>`, `report-<orgId>-<period>`): the ladder events go there. */
  subjectStream: string;
  /** The deadline folded from the subject's stream; null when the subject has none (yet). */
  deadline: Deadline | null;
  step: LadderStepName;
  /** The version the job was scheduled for. */
  deadlineVersion: number;
  remindBeforeMs?: number;
  targetOrgId: string;
  supervisorOrgId: string;
  now: Date;
}

/** Why a job appended nothing; every one is a normal outcome, not a failure. */
export type LadderSkipReason =
  | 'no_deadline'
  | 'closed'
  | 'withdrawn'
  | 'paused'
  /** An extension (or a new due time) moved the deadline since the job was scheduled. */
  | 'stale_version'
  /** A reminder offset the current policy no longer has; the reconciler re-plans from the policy. */
  | 'not_in_policy'
  | 'not_due'
  | 'already_fired'
  /** A reminder overtaken by a closer reminder or by the due time (see `isReminderSuperseded`). */
  | 'superseded';

export type LadderEvent = DomainEvent<LadderEventType, LadderEventData> & { eventId: string };

/** The conversations context owns the event and its stream; the ladder proposes one at level 3. */
export type ConversationProposed = DomainEvent<'ConversationProposed', EscalationProposal> & { eventId: string };

export interface LadderDecision {
  /** The stream `events` go to: the subject's own. */
  streamId: string;
  events: LadderEvent[];
  skipped?: LadderSkipReason;
  /**
   * Only with a level-3 escalation: the admonishment conversation it proposes, on its own
   * stream. Append it BEFORE `events`: if the worker dies in between, the re-run still sees
   * the escalation as not fired and proposes again, and the deterministic ids make the
   * second conversation append a no-op. The other order would lose the proposal.
   */
  conversation?: { streamId: string; event: ConversationProposed };
}

/** The conversation an escalation proposes: one per subject and deadline version, whoever fires it. */
export function escalationConversationId(kind: DeadlineKind, subjectId: string, deadlineVersion: number): string {
  return deterministicId('escalation-conversation', kind, subjectId, deadlineVersion);
}

/** The same step of the same subject and version always gets the same event id, so a repeated job appends nothing. */
export function ladderEventId(kind: DeadlineKind, subjectId: string, deadlineVersion: number, step: LadderStepName, remindBeforeMs?: number): string {
  return step === 'remind'
    ? deterministicId('ladder', kind, subjectId, deadlineVersion, step, remindBeforeMs ?? 0)
    : deterministicId('ladder', kind, subjectId, deadlineVersion, step);
}

const LEVEL_ORDER = ['missed', 'warn', 'escalate'] as const;

/**
 * Decides what a due ladder job does now. Re-reads the deadline, so a job for a closed,
 * paused, withdrawn or extended deadline, a job that fires early, or a job that runs twice
 * appends nothing. A level step fires the levels below it first when they have not fired
 * (the worker was down past several steps), so the ladder never skips a level.
 */
export function decideLadderStep(input: FireLadderStep, policy: LadderPolicy): LadderDecision {
  const { deadline, step, now, subjectId } = input;
  const skip = (skipped: LadderSkipReason): LadderDecision => ({ streamId: input.subjectStream, events: [], skipped });

  if (!deadline) return skip('no_deadline');
  if (deadline.status === 'closed') return skip('closed');
  if (deadline.status === 'withdrawn') return skip('withdrawn');
  if (deadline.status === 'paused') return skip('paused');
  if (input.deadlineVersion !== deadline.version) return skip('stale_version');

  const event = (name: LadderStepName, extra: Partial<LadderEventData>): LadderEvent => ({
    type: STEP_EVENT[name],
    eventId: ladderEventId(deadline.kind, subjectId, deadline.version, name, extra.remindBeforeMs),
    data: {
      kind: deadline.kind,
      subjectId,
      deadlineVersion: deadline.version,
      dueAt: deadline.dueAt.toISOString(),
      targetOrgId: input.targetOrgId,
      supervisorOrgId: input.supervisorOrgId,
      ...extra,
    },
  });

  if (step === 'remind') {
    const offset = input.remindBeforeMs;
    if (offset === undefined || !policy.remindBefore.includes(offset)) return skip('not_in_policy');
    if (hasFired(deadline, 'remind', offset)) return skip('already_fired');
    if (now.getTime() < stepFireAt(deadline, policy, 'remind', offset).getTime()) return skip('not_due');
    if (isReminderSuperseded(deadline, policy, offset, now)) return skip('superseded');
    return { streamId: input.subjectStream, events: [event('remind', { remindBeforeMs: offset })] };
  }

  if (hasFired(deadline, step)) return skip('already_fired');
  if (now.getTime() < stepFireAt(deadline, policy, step).getTime()) return skip('not_due');

  const target = STEP_LEVEL[step];
  const events = LEVEL_ORDER.filter((name) => STEP_LEVEL[name] > deadline.escalationLevel && STEP_LEVEL[name] <= target).map(
    (name) => event(name, { level: STEP_LEVEL[name] }),
  );

  if (step !== 'escalate') return { streamId: input.subjectStream, events };
  const conversationId = escalationConversationId(deadline.kind, subjectId, deadline.version);
  return {
    streamId: input.subjectStream,
    events,
    conversation: {
      streamId: conversationStream(conversationId),
      event: {
        type: 'ConversationProposed',
        eventId: deterministicId('ConversationProposed', conversationId),
        data: {
          conversationId,
          reason: 'escalation',
          targetOrgId: input.targetOrgId,
          supervisorOrgId: input.supervisorOrgId,
          subjectKind: deadline.kind,
          subjectId,
          subjectStream: input.subjectStream,
          deadlineVersion: deadline.version,
          proposedAt: now.toISOString(),
        },
      },
    },
  };
}

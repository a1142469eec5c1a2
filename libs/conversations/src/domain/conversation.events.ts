import type { DeadlineKind, DomainEvent } from '@app/kernel';

/**
 * Events of an admonishment conversation (诫勉谈话), on `conversation-<uuid>`. Data is JSON:
 * instants are ISO strings; `at` is the business time it happened (evolve sees only the event).
 * Every event names `targetOrgId`, so the organisation timelines file it whatever came before.
 */
export type FollowUpOutcome = 'improved' | 'not_improved';
export const FOLLOW_UP_OUTCOMES: readonly FollowUpOutcome[] = ['improved', 'not_improved'];

/**
 * Proposed by the escalation ladder at level 3 (libs/escalation decides it; its shape is this
 * context's contract). `reason` is the literal 'escalation'; the subject is the escalated deadline.
 */
export type EscalationProposal = {
  conversationId: string;
  reason: 'escalation';
  targetOrgId: string;
  supervisorOrgId: string;
  subjectKind: DeadlineKind;
  subjectId: string;
  subjectStream: string;
  deadlineVersion: number;
  proposedAt: string;
};

/** Proposed by hand by a supervisor of the target's parent; `reason` is the supervisor's text. */
export type ManualProposal = {
  conversationId: string;
  source: 'manual';
  reason: string;
  targetOrgId: string;
  supervisorOrgId: string;
  proposedBy: string;
  subjectKind: DeadlineKind | null;
  subjectId: string | null;
  proposedAt: string;
};

export type ConversationProposed = DomainEvent<'ConversationProposed', EscalationProposal | ManualProposal>;

/** Scheduled, or re-scheduled while not yet held (`rescheduled`). */
export type ConversationScheduled = DomainEvent<
  'ConversationScheduled',
  { targetOrgId: string; scheduledFor: string; place: string; interviewer: string; rescheduled: boolean; at: string }
>;

export type ConversationHeld = DomainEvent<
  'ConversationHeld',
  {
    targetOrgId: string;
    minutes: string;
    /** What the organisation undertook, each with its due time; ids in order ("1", "2", ...). */
    commitments: Array<{ id: string; text: string; dueAt: string }>;
    at: string;
  }
>;

export type ConversationFollowedUp = DomainEvent<
  'ConversationFollowedUp',
  { targetOrgId: string; outcome: FollowUpOutcome; notes: string | null; at: string }
>;

export type ConversationClosed = DomainEvent<'ConversationClosed', { targetOrgId: string; outcome: FollowUpOutcome; at: string }>;

export type ConversationCancelled = DomainEvent<'ConversationCancelled', { targetOrgId: string; reason: string; at: string }>;

export type ConversationEvent =
  | ConversationProposed
  | ConversationScheduled
  | ConversationHeld
  | ConversationFollowedUp
  | ConversationClosed
  | ConversationCancelled;

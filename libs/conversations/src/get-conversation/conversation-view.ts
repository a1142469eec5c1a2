import { isoOrNull, subjectTimeline, type DeadlineKind, type RecordedEvent, type SubjectTimelineEntry } from '@app/kernel';
import { commitmentsPledgeId, type Conversation, type ConversationSource, type ConversationStatus } from '../domain/conversation.decider.js';
import type { FollowUpOutcome } from '../domain/conversation.events.js';

/** A conversation as listed (GET /conversations): everything but the timeline. */
export interface ConversationSummary {
  id: string;
  source: ConversationSource;
  targetOrgId: string;
  supervisorOrgId: string;
  status: ConversationStatus;
  reason: string;
  subject: { kind: DeadlineKind; id: string } | null;
  proposedAt: string;
  proposedBy: string | null;
  schedule: { at: string; place: string; interviewer: string } | null;
  reschedules: number;
  heldAt: string | null;
  minutes: string | null;
  commitments: Array<{ id: string; text: string; dueAt: string }>;
  /** The responsibility letter the commitments become (libs/pledges); null while there are none. */
  commitmentsPledgeId: string | null;
  outcome: FollowUpOutcome | null;
  followUpNotes: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  revision: number;
}

/** A conversation as read (GET /conversations/:id), folded from its stream like a notice. */
export interface ConversationView extends ConversationSummary {
  timeline: SubjectTimelineEntry[];
}

export function toConversationSummary(conversation: Conversation, revision: number): ConversationSummary {
  const { schedule } = conversation;
  return {
    id: conversation.id,
    source: conversation.source,
    targetOrgId: conversation.targetOrgId,
    supervisorOrgId: conversation.supervisorOrgId,
    status: conversation.status,
    reason: conversation.reason,
    subject: conversation.subject,
    proposedAt: conversation.proposedAt.toISOString(),
    proposedBy: conversation.proposedBy,
    schedule: schedule ? { at: schedule.at.toISOString(), place: schedule.place, interviewer: schedule.interviewer } : null,
    reschedules: conversation.reschedules,
    heldAt: isoOrNull(conversation.heldAt),
    minutes: conversation.minutes,
    commitments: conversation.commitments.map((commitment) => ({ id: commitment.id, text: commitment.text, dueAt: commitment.dueAt.toISOString() })),
    commitmentsPledgeId: conversation.commitments.length > 0 ? commitmentsPledgeId(conversation.id) : null,
    outcome: conversation.outcome,
    followUpNotes: conversation.followUpNotes,
    closedAt: isoOrNull(conversation.closedAt),
    cancelledAt: isoOrNull(conversation.cancelledAt),
    cancelReason: conversation.cancelReason,
    revision,
  };
}

export function toConversationView(conversation: Conversation, history: RecordedEvent[]): ConversationView {
  const revision = history[history.length - 1]?.streamRevision ?? -1;
  return { ...toConversationSummary(conversation, revision), timeline: subjectTimeline(history) };
}

import { isoOrNull, subjectTimeline, type DeadlineKind, type RecordedEvent, type SubjectTimelineEntry } from '@app/kernel';
import type { Conversation, ConversationSource, ConversationStatus } from '../domain/conversation.decider.js';
import type { FollowUpOutcome } from '../domain/conversation.events.js';

/** A conversation as read (GET /conversations/:id), folded from its stream like a notice. */
export interface ConversationView {
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
  outcome: FollowUpOutcome | null;
  followUpNotes: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  revision: number;
  timeline: SubjectTimelineEntry[];
}

export function toConversationView(conversation: Conversation, history: RecordedEvent[]): ConversationView {
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
    outcome: conversation.outcome,
    followUpNotes: conversation.followUpNotes,
    closedAt: isoOrNull(conversation.closedAt),
    cancelledAt: isoOrNull(conversation.cancelledAt),
    cancelReason: conversation.cancelReason,
    revision: history[history.length - 1]?.streamRevision ?? -1,
    timeline: subjectTimeline(history),
  };
}

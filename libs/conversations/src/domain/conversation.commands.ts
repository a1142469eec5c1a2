import type { Actor, DeadlineKind } from '@app/kernel';
import type { FollowUpOutcome } from './conversation.events.js';


/** Every command brings the time it is decided at (the decider reads no clock). */
interface ConversationCommandBase {
  conversationId: string;
  now: Date;
  /** Who acts (recorded in the events); whether they may is the conversation policy's question. */
  actor: Pick<Actor, 'userId' | 'orgId'>;
}

/** By hand: the actor's organisation (the target's parent) becomes the supervisor. */
export interface ProposeConversation extends ConversationCommandBase {
  type: 'ProposeConversation';
  targetOrgId: string;
  reason: string;
  subject?: { kind: DeadlineKind; id: string } | null;
}

export interface ScheduleConversation extends ConversationCommandBase {
  type: 'ScheduleConversation';
  at: Date;
  place: string;
  interviewer: string;
}

export interface HoldConversation extends ConversationCommandBase {
  type: 'HoldConversation';
  minutes: string;
  commitments: Array<{ text: string; dueAt: Date }>;
}

export interface FollowUpConversation extends ConversationCommandBase {
  type: 'FollowUpConversation';
  outcome: FollowUpOutcome;
  notes?: string | null;
}

export interface CancelConversation extends ConversationCommandBase {
  type: 'CancelConversation';
  reason: string;
}

export type ConversationCommand =
  | ProposeConversation
  | ScheduleConversation
  | HoldConversation
  | FollowUpConversation
  | CancelConversation;

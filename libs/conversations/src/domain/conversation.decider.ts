import { assertNever, deterministicId, conflict, DEADLINE_KINDS, FieldProblems, invalid, isBlank, notFound, type Decider, type DeadlineKind } from '@app/kernel';
import type {
  CancelConversation,
  ConversationCommand,
  FollowUpConversation,
  HoldConversation,
  ProposeConversation,
  ScheduleConversation,
} from './conversation.commands.js';
import { FOLLOW_UP_OUTCOMES, type ConversationEvent, type FollowUpOutcome } from './conversation.events.js';

const CONVERSATION_STREAM_PREFIX = 'conversation-';

/** `conversation-<uuid>` (DESIGN §3): the one function that names the stream, the ladder's proposals included. */
export const conversationStream = (id: string): string => `${CONVERSATION_STREAM_PREFIX}${id}`;

/** The conversation a stream holds (the inverse of `conversationStream`); undefined for any other stream. */
export const conversationIdOf = (streamId: string): string | undefined =>
  streamId.startsWith(CONVERSATION_STREAM_PREFIX) ? streamId.slice(CONVERSATION_STREAM_PREFIX.length) : undefined;

/**
 * The responsibility letter a held conversation's commitments become (DESIGN §6): one per
 * conversation, its id derived from the conversation's, so the pledges reactor that drafts it
 * can run again without drafting a second one, and the conversation names it without asking.
 */
export const commitmentsPledgeId = (conversationId: string): string => deterministicId('conversation-commitments', conversationId);

export const CONVERSATION_STATUSES = ['proposed', 'scheduled', 'held', 'closed', 'cancelled'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** Who proposed it: the escalation ladder (level 3) or a supervisor by hand. Rankings will add theirs. */
export type ConversationSource = 'escalation' | 'manual';

export interface Commitment {
  id: string;
  text: string;
  dueAt: Date;
}

export interface Conversation {
  exists: true;
  id: string;
  source: ConversationSource;
  targetOrgId: string;
  supervisorOrgId: string;
  reason: string;
  /** What it is about: the escalated deadline, or what the supervisor named. */
  subject: { kind: DeadlineKind; id: string } | null;
  proposedAt: Date;
  /** Null for a proposal of the ladder (the system). */
  proposedBy: string | null;
  status: ConversationStatus;
  schedule: { at: Date; place: string; interviewer: string } | null;
  reschedules: number;
  heldAt: Date | null;
  minutes: string | null;
  commitments: Commitment[];
  outcome: FollowUpOutcome | null;
  followUpNotes: string | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

export type ConversationState = { exists: false } | Conversation;

/** Stable codes; the kind of each error decides its HTTP status. */
export const CONVERSATION_ERRORS = {
  NOT_FOUND: 'CONVERSATION.NOT_FOUND',
  ALREADY_EXISTS: 'CONVERSATION.ALREADY_EXISTS',
  NOT_SUPERVISOR: 'CONVERSATION.NOT_SUPERVISOR',
  INVALID: 'CONVERSATION.INVALID',
  SELF_TARGET: 'CONVERSATION.SELF_TARGET',
  TIME_IN_PAST: 'CONVERSATION.TIME_IN_PAST',
  CLOSED: 'CONVERSATION.CLOSED',
  CANCELLED: 'CONVERSATION.CANCELLED',
  NOT_SCHEDULED: 'CONVERSATION.NOT_SCHEDULED',
  NOT_HELD: 'CONVERSATION.NOT_HELD',
  ALREADY_HELD: 'CONVERSATION.ALREADY_HELD',
} as const;

export function initialConversationState(): ConversationState {
  return { exists: false };
}

// ---------------------------------------------------------------- rules

/** Fields that fail collect here, so one answer names all of them. */
const fieldProblems = (): FieldProblems => new FieldProblems({ invalid: CONVERSATION_ERRORS.INVALID, timeInPast: CONVERSATION_ERRORS.TIME_IN_PAST });

/**
 * The conversation a command on an existing one acts on: it exists and is not over. Who may act is
 * the conversation policy's (conversation.policy.ts), asked before the decider.
 */
function ongoing(state: ConversationState): Conversation {
  if (!state.exists) throw notFound(CONVERSATION_ERRORS.NOT_FOUND, 'No such conversation');
  if (state.status === 'closed') throw conflict(CONVERSATION_ERRORS.CLOSED, 'The conversation is closed', { conversationStatus: state.status });
  if (state.status === 'cancelled') throw conflict(CONVERSATION_ERRORS.CANCELLED, 'The conversation was cancelled', { conversationStatus: state.status });
  return state;
}

function refuseOnceHeld(conversation: Conversation, what: string): void {
  if (conversation.status === 'held') {
    throw conflict(CONVERSATION_ERRORS.ALREADY_HELD, `The conversation has been held; it cannot be ${what}`, { conversationStatus: conversation.status });
  }
}

// ---------------------------------------------------------------- decide

function propose(command: ProposeConversation, state: ConversationState): ConversationEvent[] {
  if (state.exists) throw conflict(CONVERSATION_ERRORS.ALREADY_EXISTS, 'A conversation with this id already exists');
  const problems = fieldProblems();
  const targetOrgId = problems.text('targetOrgId', command.targetOrgId);
  const reason = problems.text('reason', command.reason);
  const subject = command.subject ?? null;
  if (subject) {
    if (!(DEADLINE_KINDS as readonly string[]).includes(subject.kind)) problems.add('subject.kind', `must be one of ${DEADLINE_KINDS.join(', ')}`);
    problems.text('subject.id', subject.id);
  }
  problems.throwIfAny('The proposal is incomplete');
  if (targetOrgId === command.actor.orgId) throw invalid(CONVERSATION_ERRORS.SELF_TARGET, 'An organisation cannot propose a conversation with itself');
  return [
    {
      type: 'ConversationProposed',
      data: {
        conversationId: command.conversationId,
        source: 'manual',
        reason,
        targetOrgId,
        supervisorOrgId: command.actor.orgId,
        proposedBy: command.actor.userId,
        subjectKind: subject?.kind ?? null,
        subjectId: subject ? subject.id.trim() : null,
        proposedAt: command.now.toISOString(),
      },
    },
  ];
}

function schedule(command: ScheduleConversation, state: ConversationState): ConversationEvent[] {
  const conversation = ongoing(state);
  const problems = fieldProblems();
  problems.future('at', command.at, command.now);
  const place = problems.text('place', command.place);
  const interviewer = problems.text('interviewer', command.interviewer);
  problems.throwIfAny('The schedule is incomplete');
  refuseOnceHeld(conversation, 'rescheduled');
  const current = conversation.schedule;
  // The same schedule again (a retry) changes nothing.
  if (current && current.at.getTime() === command.at.getTime() && current.place === place && current.interviewer === interviewer) return [];
  return [
    {
      type: 'ConversationScheduled',
      data: {
        targetOrgId: conversation.targetOrgId,
        scheduledFor: command.at.toISOString(),
        place,
        interviewer,
        rescheduled: current !== null,
        at: command.now.toISOString(),
      },
    },
  ];
}

function hold(command: HoldConversation, state: ConversationState): ConversationEvent[] {
  const conversation = ongoing(state);
  const problems = fieldProblems();
  const minutes = problems.text('minutes', command.minutes);
  // None is allowed: the minutes record what was said; commitments are what was undertaken in writing.
  const commitments = Array.isArray(command.commitments) ? command.commitments : [];
  if (!Array.isArray(command.commitments)) problems.add('commitments', 'must be a list');
  const texts = commitments.map((commitment, index) => {
    problems.future(`commitments.${index}.dueAt`, commitment?.dueAt, command.now);
    return problems.text(`commitments.${index}.text`, commitment?.text);
  });
  problems.throwIfAny('The record of the conversation is incomplete');
  refuseOnceHeld(conversation, 'held again');
  if (conversation.status !== 'scheduled') {
    throw conflict(CONVERSATION_ERRORS.NOT_SCHEDULED, 'Schedule the conversation before recording it as held', { conversationStatus: conversation.status });
  }
  return [
    {
      type: 'ConversationHeld',
      data: {
        targetOrgId: conversation.targetOrgId,
        minutes,
        commitments: commitments.map((commitment, index) => ({ id: String(index + 1), text: texts[index], dueAt: commitment.dueAt.toISOString() })),
        at: command.now.toISOString(),
      },
    },
  ];
}

function followUp(command: FollowUpConversation, state: ConversationState): ConversationEvent[] {
  const conversation = ongoing(state);
  if (!FOLLOW_UP_OUTCOMES.includes(command.outcome)) {
    throw invalid(CONVERSATION_ERRORS.INVALID, 'outcome must be improved or not_improved', [{ field: 'outcome', messages: ['must be improved or not_improved'] }]);
  }
  if (conversation.status !== 'held') {
    throw conflict(CONVERSATION_ERRORS.NOT_HELD, 'Only a held conversation can be followed up', { conversationStatus: conversation.status });
  }
  const at = command.now.toISOString();
  const { targetOrgId } = conversation;
  // Reviewing the follow-up is what ends the conversation (DESIGN §6): closed in the same decision.
  return [
    { type: 'ConversationFollowedUp', data: { targetOrgId, outcome: command.outcome, notes: isBlank(command.notes) ? null : command.notes!.trim(), at } },
    { type: 'ConversationClosed', data: { targetOrgId, outcome: command.outcome, at } },
  ];
}

function cancel(command: CancelConversation, state: ConversationState): ConversationEvent[] {
  const conversation = ongoing(state);
  const problems = fieldProblems();
  const reason = problems.text('reason', command.reason);
  problems.throwIfAny('A cancellation needs a reason');
  refuseOnceHeld(conversation, 'cancelled');
  return [{ type: 'ConversationCancelled', data: { targetOrgId: conversation.targetOrgId, reason, at: command.now.toISOString() } }];
}

export function decideConversation(command: ConversationCommand, state: ConversationState): ConversationEvent[] {
  switch (command.type) {
    case 'ProposeConversation':
      return propose(command, state);
    case 'ScheduleConversation':
      return schedule(command, state);
    case 'HoldConversation':
      return hold(command, state);
    case 'FollowUpConversation':
      return followUp(command, state);
    case 'CancelConversation':
      return cancel(command, state);
    default:
      return assertNever(command, 'conversation command');
  }
}

// ---------------------------------------------------------------- evolve

export function evolveConversation(state: ConversationState, event: ConversationEvent): ConversationState {
  if (event.type === 'ConversationProposed') {
    const data = event.data;
    // The ladder's proposals carry no `source` (they were stored before this context existed).
    const manual = 'source' in data ? data : null;
    return {
      exists: true,
      id: data.conversationId,
      source: manual ? manual.source : 'escalation',
      targetOrgId: data.targetOrgId,
      supervisorOrgId: data.supervisorOrgId,
      reason: data.reason,
      subject: data.subjectKind && data.subjectId ? { kind: data.subjectKind, id: data.subjectId } : null,
      proposedAt: new Date(data.proposedAt),
      proposedBy: manual?.proposedBy ?? null,
      status: 'proposed',
      schedule: null,
      reschedules: 0,
      heldAt: null,
      minutes: null,
      commitments: [],
      outcome: null,
      followUpNotes: null,
      closedAt: null,
      cancelledAt: null,
      cancelReason: null,
    };
  }
  // Anything before the proposal cannot be folded into a conversation that does not exist.
  if (!state.exists) return state;
  const conversation = state;
  switch (event.type) {
    case 'ConversationScheduled': {
      const { scheduledFor, place, interviewer, rescheduled } = event.data;
      return {
        ...conversation,
        status: 'scheduled',
        schedule: { at: new Date(scheduledFor), place, interviewer },
        reschedules: conversation.reschedules + (rescheduled ? 1 : 0),
      };
    }
    case 'ConversationHeld':
      return {
        ...conversation,
        status: 'held',
        heldAt: new Date(event.data.at),
        minutes: event.data.minutes,
        commitments: event.data.commitments.map((commitment) => ({ ...commitment, dueAt: new Date(commitment.dueAt) })),
      };
    case 'ConversationFollowedUp':
      return { ...conversation, outcome: event.data.outcome, followUpNotes: event.data.notes };
    case 'ConversationClosed':
      return { ...conversation, status: 'closed', closedAt: new Date(event.data.at) };
    case 'ConversationCancelled':
      return { ...conversation, status: 'cancelled', cancelledAt: new Date(event.data.at), cancelReason: event.data.reason };
    default:
      return assertNever(event, 'conversation event');
  }
}

export const conversationDecider: Decider<ConversationState, ConversationCommand, ConversationEvent> = {
  initialState: initialConversationState,
  decide: decideConversation,
  evolve: evolveConversation,
};

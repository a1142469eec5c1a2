import { FoldedSubjectsProjection } from '@app/event-store';
import { conversationDecider, type ConversationState } from '../domain/conversation.decider.js';
import type { ConversationEvent } from '../domain/conversation.events.js';

export const CONVERSATIONS_TABLE = 'conversations';

/** `read.conversations`: each conversation folded with the decider's own evolve, for GET /conversations. */
export const conversationsProjection = () =>
  new FoldedSubjectsProjection<ConversationState, ConversationEvent>('conversations.list', 'conversation', CONVERSATIONS_TABLE, conversationDecider, (state) =>
    state.exists
      ? { id: state.id, targetOrgId: state.targetOrgId, supervisorOrgId: state.supervisorOrgId, status: state.status, startedAt: state.proposedAt }
      : null,
  );

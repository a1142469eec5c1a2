import { forbidden, notFound, type Actor } from '@app/kernel';
import { assertCanSupervise, canRead, type OrgFacts } from '@app/access';
import type { ConversationCommand, ProposeConversation } from './conversation.commands.js';
import { CONVERSATION_ERRORS, type Conversation } from './conversation.decider.js';

/** What the caller wants with a conversation: to read it, or one of the commands on it. */
export type ConversationIntent = 'read' | Exclude<ConversationCommand, ProposeConversation>['type'];

/**
 * THE answer to "who may do what with a conversation", pure, asked once per request with the
 * conversation and the facts of its target organisation:
 * 1. outside the caller's subtree a conversation is unknown: 404 CONVERSATION.NOT_FOUND, as for an id
 *    that does not exist, so probing ids reveals nothing; whoever reads the target reads it;
 * 2. every command (schedule, hold, follow-up, cancel) is the supervisor's: a supervisor of the
 *    target's parent (403 ACCESS.FORBIDDEN) ...
 * 3. ... of the organisation the conversation names as its supervisor: after the target moved to
 *    another parent, that parent's supervisors did not propose it (403 CONVERSATION.NOT_SUPERVISOR).
 * The decider then judges only the transition (409).
 */
export function authorizeConversation(actor: Actor, intent: ConversationIntent, conversation: Pick<Conversation, 'supervisorOrgId'>, target: OrgFacts): void {
  if (!canRead(actor, target)) throw notFound(CONVERSATION_ERRORS.NOT_FOUND, 'No such conversation');
  if (intent === 'read') return;
  assertCanSupervise(actor, target);
  if (actor.orgId !== conversation.supervisorOrgId) {
    throw forbidden(CONVERSATION_ERRORS.NOT_SUPERVISOR, 'Only the supervising organisation may do this');
  }
}

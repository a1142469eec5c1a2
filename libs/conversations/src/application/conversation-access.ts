import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { SubjectAccess, type ReadableSubject } from '@app/access';
import type { Actor } from '@app/platform';
import { conversationDecider, conversationStream, CONVERSATION_ERRORS, type Conversation } from '../domain/conversation.decider.js';
import { authorizeConversation, type ConversationIntent } from '../domain/conversation.policy.js';

export type LoadedConversation = ReadableSubject<Conversation>;

/**
 * Loads a conversation from its stream (always current) and asks the conversation policy, once,
 * whether the caller may do what it intends (domain/conversation.policy.ts): an unknown id and a
 * conversation the caller may not read are the same 404.
 */
@Injectable()
export class ConversationAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  load(conversationId: string, actor: Actor, intent: ConversationIntent): Promise<LoadedConversation> {
    return this.subjects.load(actor, conversationId, {
      streamOf: conversationStream,
      decider: conversationDecider,
      missing: () => notFound(CONVERSATION_ERRORS.NOT_FOUND, 'No such conversation'),
      authorize: (conversation, target) => authorizeConversation(actor, intent, conversation, target),
    });
  }
}

import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { SubjectAccess, type ReadableSubject } from '@app/access';
import type { Actor } from '@app/platform';
import { conversationDecider, conversationStream, CONVERSATION_ERRORS, type Conversation } from '../domain/conversation.decider.js';

export type LoadedConversation = ReadableSubject<Conversation>;

/** A conversation the caller may read (its target is in the caller's subtree); otherwise 404, as for notices. */
@Injectable()
export class ConversationAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  load(conversationId: string, actor: Actor): Promise<LoadedConversation> {
    return this.subjects.load(actor, conversationId, {
      streamOf: conversationStream,
      decider: conversationDecider,
      missing: () => notFound(CONVERSATION_ERRORS.NOT_FOUND, 'No such conversation'),
    });
  }
}

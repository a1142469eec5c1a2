import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { ConversationView } from './conversation-view.js';

export class GetConversationQuery extends Query<ConversationView> {
  constructor(readonly conversationId: string, readonly actor: Actor) {
    super();
  }
}

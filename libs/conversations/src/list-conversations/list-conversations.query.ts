import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { ConversationSummary } from '../get-conversation/conversation-view.js';
import type { ListConversationsRequest } from './list-conversations.request.dto.js';

export class ListConversationsQuery extends Query<ConversationSummary[]> {
  constructor(readonly filter: ListConversationsRequest, readonly actor: Actor) {
    super();
  }
}

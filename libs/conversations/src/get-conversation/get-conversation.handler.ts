import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConversationAccess } from '../application/conversation-access.js';
import { toConversationView, type ConversationView } from './conversation-view.js';
import { GetConversationQuery } from './get-conversation.query.js';

/** Read from the stream itself (always current); whoever reads the target reads it, others get a 404. */
@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(private readonly access: ConversationAccess) {}

  async execute({ conversationId, actor }: GetConversationQuery): Promise<ConversationView> {
    const loaded = await this.access.load(conversationId, actor, 'read');
    return toConversationView(loaded.subject, loaded.history);
  }
}

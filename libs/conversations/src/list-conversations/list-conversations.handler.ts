import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ScopedSubjects } from '@app/access';
import type { Conversation } from '../domain/conversation.decider.js';
import { toConversationSummary, type ConversationSummary } from '../get-conversation/conversation-view.js';
import { CONVERSATIONS_TABLE } from './conversations.projection.js';
import { ListConversationsQuery } from './list-conversations.query.js';

/** GET /conversations: scoped as GET /notices (the caller's subtree; a target outside it 404), newest first, from the read model. */
@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery> {
  constructor(private readonly subjects: ScopedSubjects) {}

  async execute({ filter, actor }: ListConversationsQuery): Promise<ConversationSummary[]> {
    const rows = await this.subjects.list<Conversation>(CONVERSATIONS_TABLE, actor, {
      targetOrgId: filter.targetOrgId,
      status: filter.status,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    });
    return rows.map((row) => toConversationSummary(row.state, row.revision));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { CommandRunner, Database, metadataFor } from '@app/platform';
import { inboxDecider, inboxStream } from '../domain/inbox.decider.js';
import { MarkInboxItemReadCommand, type MarkInboxItemReadResult } from './mark-inbox-item-read.command.js';

/**
 * Marks an item read for the caller's organisation: a command through the runner on the
 * organisation's inbox stream (a rebuilt inbox keeps the mark); the projection then sets
 * read_at, and a GET after it waits for that (read-your-writes), so nothing writes the read
 * model here. Which organisation the item was made for is a fact from the inbox read model,
 * given to the decider.
 */
@CommandHandler(MarkInboxItemReadCommand)
export class MarkInboxItemReadHandler implements ICommandHandler<MarkInboxItemReadCommand> {
  constructor(private readonly runner: CommandRunner, private readonly database: Database, private readonly clock: Clock) {}

  async execute({ itemId, context }: MarkInboxItemReadCommand): Promise<MarkInboxItemReadResult> {
    const now = this.clock.now();
    const { rows } = await this.database.pool.query<{ org_id: string; read_at: Date | null }>('select org_id, read_at from read.inbox where id = $1', [itemId]);
    const outcome = await this.runner.run({
      streamId: inboxStream(context.actor.orgId),
      decider: inboxDecider,
      command: { type: 'MarkInboxItemRead', itemId, itemOrgId: rows[0]?.org_id ?? null, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } },
      metadata: metadataFor(context),
      now,
    });
    const readAt = outcome.state.read[itemId] ?? rows[0]?.read_at?.toISOString() ?? now.toISOString();
    return { id: itemId, readAt, revision: outcome.revision };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { assertCanSupervise } from '@app/access';
import { CommandRunner, metadataFor } from '@app/platform';
import { conversationDecider, conversationStream } from '../domain/conversation.decider.js';
import type { ConversationCommand } from '../domain/conversation.commands.js';
import { ConversationAccess } from '../application/conversation-access.js';
import { ConversationActionCommand, type ConversationActionResult } from './conversation-action.command.js';

/**
 * The shell for every command on an existing conversation: clock once, scope (readable, else 404),
 * role (a supervisor of the target's parent, else 403), then the decider, which checks that the
 * acting organisation is the conversation's supervisor and that the transition is legal (409).
 */
@CommandHandler(ConversationActionCommand)
export class ConversationActionHandler implements ICommandHandler<ConversationActionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly access: ConversationAccess,
  ) {}

  async execute({ conversationId, action, context }: ConversationActionCommand): Promise<ConversationActionResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(conversationId, context.actor);
    assertCanSupervise(context.actor, loaded.target);
    const command = { ...action, conversationId, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } } as ConversationCommand;
    const outcome = await this.runner.run({
      streamId: conversationStream(conversationId),
      decider: conversationDecider,
      command,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      history: loaded.history,
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.subject.status;
    return { id: conversationId, revision: outcome.revision, status };
  }
}

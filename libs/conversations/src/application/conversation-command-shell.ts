import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { assertCanSupervise } from '@app/access';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { conversationDecider, conversationStream, type ConversationStatus } from '../domain/conversation.decider.js';
import type { ConversationCommand, ProposeConversation } from '../domain/conversation.commands.js';
import { ConversationAccess } from './conversation-access.js';

/** What every command on an existing conversation carries, filled in by the shell. */
export type ConversationCommandBase = Pick<ConversationCommand, 'conversationId' | 'now' | 'actor'>;

export interface ConversationCommandResult {
  id: string;
  revision: number;
  status: ConversationStatus;
}

/**
 * The one path of every command on an existing conversation: the clock once, scope (readable,
 * else 404) and role (a supervisor of the target's parent, else 403), the stream read and folded
 * once and handed to the runner, then the decider, which checks that the acting organisation is
 * the conversation's supervisor and that the transition is legal (409).
 */
@Injectable()
export class ConversationCommandShell {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly access: ConversationAccess,
  ) {}

  async run(
    conversationId: string,
    context: CommandContext,
    command: (base: ConversationCommandBase) => Exclude<ConversationCommand, ProposeConversation>,
  ): Promise<ConversationCommandResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(conversationId, context.actor);
    assertCanSupervise(context.actor, loaded.target);
    const outcome = await this.runner.run({
      streamId: conversationStream(conversationId),
      decider: conversationDecider,
      command: command({ conversationId, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } }),
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      loaded: { state: loaded.subject, revision: loaded.revision },
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.subject.status;
    return { id: conversationId, revision: outcome.revision, status };
  }
}

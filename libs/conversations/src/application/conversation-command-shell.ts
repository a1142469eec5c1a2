import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
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
 * The one path of every command on an existing conversation: the clock once, the conversation
 * loaded and its policy asked once (domain/conversation.policy.ts: 404 outside the subtree, 403 for
 * anyone but its supervisor), the state just folded handed to the runner (one read, one fold), then
 * the decider, which judges the transition (409).
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
    const decided = command({ conversationId, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } });
    const loaded = await this.access.load(conversationId, context.actor, decided.type);
    const outcome = await this.runner.run({
      streamId: conversationStream(conversationId),
      decider: conversationDecider,
      command: decided,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      loaded: { state: loaded.subject, revision: loaded.revision },
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.subject.status;
    return { id: conversationId, revision: outcome.revision, status };
  }
}

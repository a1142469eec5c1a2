import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationCommandShell, type ConversationCommandResult } from '../application/conversation-command-shell.js';
import { FollowUpConversationCommand } from './follow-up-conversation.command.js';

/** The follow-up reviewed (improved / not improved), which closes it; not improved recommends adjusting the secretary (recommend-adjustment). */
@CommandHandler(FollowUpConversationCommand)
export class FollowUpConversationHandler implements ICommandHandler<FollowUpConversationCommand> {
  constructor(private readonly shell: ConversationCommandShell) {}

  execute({ conversationId, request, context }: FollowUpConversationCommand): Promise<ConversationCommandResult> {
    return this.shell.run(conversationId, context, (base) => ({ ...base, type: 'FollowUpConversation', outcome: request.outcome, notes: request.notes ?? null }));
  }
}

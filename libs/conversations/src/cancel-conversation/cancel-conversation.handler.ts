import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationCommandShell, type ConversationCommandResult } from '../application/conversation-command-shell.js';
import { CancelConversationCommand } from './cancel-conversation.command.js';

/** Cancelled with a reason while proposed or scheduled. */
@CommandHandler(CancelConversationCommand)
export class CancelConversationHandler implements ICommandHandler<CancelConversationCommand> {
  constructor(private readonly shell: ConversationCommandShell) {}

  execute({ conversationId, request, context }: CancelConversationCommand): Promise<ConversationCommandResult> {
    return this.shell.run(conversationId, context, (base) => ({ ...base, type: 'CancelConversation', reason: request.reason }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationCommandShell, type ConversationCommandResult } from '../application/conversation-command-shell.js';
import { HoldConversationCommand } from './hold-conversation.command.js';

/** Held: the minutes and the commitments, each with its due time (they become the items of a responsibility letter, see libs/pledges take-over-commitments). */
@CommandHandler(HoldConversationCommand)
export class HoldConversationHandler implements ICommandHandler<HoldConversationCommand> {
  constructor(private readonly shell: ConversationCommandShell) {}

  execute({ conversationId, request, context }: HoldConversationCommand): Promise<ConversationCommandResult> {
    return this.shell.run(conversationId, context, (base) => ({
      ...base,
      type: 'HoldConversation',
      minutes: request.minutes,
      commitments: request.commitments.map((commitment) => ({ text: commitment.text, dueAt: new Date(commitment.dueAt) })),
    }));
  }
}

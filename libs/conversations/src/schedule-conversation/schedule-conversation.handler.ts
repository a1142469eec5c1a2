import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationCommandShell, type ConversationCommandResult } from '../application/conversation-command-shell.js';
import { ScheduleConversationCommand } from './schedule-conversation.command.js';

/** Scheduled, or rescheduled until held: time, place and interviewer. */
@CommandHandler(ScheduleConversationCommand)
export class ScheduleConversationHandler implements ICommandHandler<ScheduleConversationCommand> {
  constructor(private readonly shell: ConversationCommandShell) {}

  execute({ conversationId, request, context }: ScheduleConversationCommand): Promise<ConversationCommandResult> {
    return this.shell.run(conversationId, context, (base) => ({ ...base, type: 'ScheduleConversation', at: new Date(request.at), place: request.place, interviewer: request.interviewer }));
  }
}

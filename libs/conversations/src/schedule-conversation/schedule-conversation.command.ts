import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationCommandResult } from '../application/conversation-command-shell.js';
import type { ScheduleConversationRequest } from './schedule-conversation.request.dto.js';

export class ScheduleConversationCommand extends Command<ConversationCommandResult> {
  constructor(readonly conversationId: string, readonly request: ScheduleConversationRequest, readonly context: CommandContext) {
    super();
  }
}

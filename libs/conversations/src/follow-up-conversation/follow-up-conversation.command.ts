import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationCommandResult } from '../application/conversation-command-shell.js';
import type { FollowUpConversationRequest } from './follow-up-conversation.request.dto.js';

export class FollowUpConversationCommand extends Command<ConversationCommandResult> {
  constructor(readonly conversationId: string, readonly request: FollowUpConversationRequest, readonly context: CommandContext) {
    super();
  }
}

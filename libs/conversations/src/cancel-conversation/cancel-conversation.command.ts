import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationCommandResult } from '../application/conversation-command-shell.js';
import type { CancelConversationRequest } from './cancel-conversation.request.dto.js';

export class CancelConversationCommand extends Command<ConversationCommandResult> {
  constructor(readonly conversationId: string, readonly request: CancelConversationRequest, readonly context: CommandContext) {
    super();
  }
}

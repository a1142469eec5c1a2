import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationCommandResult } from '../application/conversation-command-shell.js';
import type { HoldConversationRequest } from './hold-conversation.request.dto.js';

export class HoldConversationCommand extends Command<ConversationCommandResult> {
  constructor(readonly conversationId: string, readonly request: HoldConversationRequest, readonly context: CommandContext) {
    super();
  }
}

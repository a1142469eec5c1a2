import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationStatus } from '../domain/conversation.decider.js';
import type { ProposeConversationRequest } from './propose-conversation.request.dto.js';

export interface ProposeConversationResult {
  id: string;
  revision: number;
  status: ConversationStatus;
}

export class ProposeConversationCommand extends Command<ProposeConversationResult> {
  constructor(readonly request: ProposeConversationRequest, readonly context: CommandContext) {
    super();
  }
}

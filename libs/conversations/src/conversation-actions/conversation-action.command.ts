import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ConversationCommand, ProposeConversation } from '../domain/conversation.commands.js';
import type { ConversationStatus } from '../domain/conversation.decider.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command on an existing conversation as the HTTP layer gives it: the handler adds id, time and actor. */
export type ConversationAction = DistributiveOmit<Exclude<ConversationCommand, ProposeConversation>, 'conversationId' | 'now' | 'actor'>;

export interface ConversationActionResult {
  id: string;
  revision: number;
  status: ConversationStatus;
}

export class ConversationActionCommand extends Command<ConversationActionResult> {
  constructor(readonly conversationId: string, readonly action: ConversationAction, readonly context: CommandContext) {
    super();
  }
}

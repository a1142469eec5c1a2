import { Module, type DynamicModule } from '@nestjs/common';
import { ConversationAccess } from './application/conversation-access.js';
import { ProposeConversationHandler } from './propose-conversation/propose-conversation.handler.js';
import { ConversationActionHandler } from './conversation-actions/conversation-action.handler.js';
import { ConversationsController } from './http/conversations.http.controller.js';

/**
 * Admonishment conversations (诫勉谈话): proposed by hand or by the escalation ladder's level 3,
 * scheduled, held, followed up and closed, or cancelled. Read from the stream (GET
 * /conversations/:id); the organisation timelines and the supervisor's inbox come from the
 * access and notifications projections. OrganizationDirectory comes from the (global) AccessModule.
 */
@Module({})
export class ConversationsModule {
  static forRoot(): DynamicModule {
    return {
      module: ConversationsModule,
      controllers: [ConversationsController],
      providers: [ConversationAccess, ProposeConversationHandler, ConversationActionHandler],
    };
  }
}

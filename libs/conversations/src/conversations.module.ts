import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ScopedSubjects } from '@app/access';
import { CommandRunner, ProjectionRegistry } from '@app/platform';
import { ConversationAccess } from './application/conversation-access.js';
import { ConversationCommandShell } from './application/conversation-command-shell.js';
import { ProposeConversationHandler } from './propose-conversation/propose-conversation.handler.js';
import { ScheduleConversationHandler } from './schedule-conversation/schedule-conversation.handler.js';
import { HoldConversationHandler } from './hold-conversation/hold-conversation.handler.js';
import { FollowUpConversationHandler } from './follow-up-conversation/follow-up-conversation.handler.js';
import { CancelConversationHandler } from './cancel-conversation/cancel-conversation.handler.js';
import { GetConversationHandler } from './get-conversation/get-conversation.handler.js';
import { ListConversationsHandler } from './list-conversations/list-conversations.handler.js';
import { conversationsProjection } from './list-conversations/conversations.projection.js';
import { NotImprovedReactor } from './recommend-adjustment/not-improved.reactor.js';
import { ConversationsController } from './http/conversations.http.controller.js';

/**
 * Admonishment conversations (诫勉谈话), one folder per use case: proposed by hand or by the
 * escalation ladder's level 3, scheduled, held, followed up and closed, or cancelled. One read
 * from the stream (GET /conversations/:id), the list from `read.conversations` (folded with the
 * decider's evolve); a follow-up that found no improvement recommends adjusting the secretary
 * (a reactor). OrganizationDirectory comes from the (global) AccessModule.
 */
@Module({})
export class ConversationsModule implements OnModuleInit {
  constructor(private readonly registry: ProjectionRegistry, private readonly runner: CommandRunner) {}

  static forRoot(): DynamicModule {
    return {
      module: ConversationsModule,
      controllers: [ConversationsController],
      providers: [
        ConversationAccess,
        ConversationCommandShell,
        ScopedSubjects,
        ProposeConversationHandler,
        ScheduleConversationHandler,
        HoldConversationHandler,
        FollowUpConversationHandler,
        CancelConversationHandler,
        GetConversationHandler,
        ListConversationsHandler,
      ],
    };
  }

  onModuleInit(): void {
    this.registry.register(conversationsProjection());
    this.registry.registerReactor(new NotImprovedReactor(this.runner));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { OrganizationDirectory, supervisedChild } from '@app/access';
import { CommandRunner, metadataFor } from '@app/platform';
import { conversationDecider, conversationStream, CONVERSATION_ERRORS, type ConversationState } from '../domain/conversation.decider.js';
import type { ConversationCommand } from '../domain/conversation.commands.js';
import { ProposeConversationCommand, type ProposeConversationResult } from './propose-conversation.command.js';

/** A shell: the clock once, role and scope (a supervisor of the target's parent), then the decider. */
@CommandHandler(ProposeConversationCommand)
export class ProposeConversationHandler implements ICommandHandler<ProposeConversationCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async execute({ request, context }: ProposeConversationCommand): Promise<ProposeConversationResult> {
    const now = this.clock.now();
    const { actor } = context;
    const target = await supervisedChild(this.organizations, actor, request.targetOrgId);
    const { id, state, revision } = await this.runner.create({
      context,
      purpose: 'conversation-propose',
      streamOf: conversationStream,
      existsCode: CONVERSATION_ERRORS.ALREADY_EXISTS,
      decider: conversationDecider,
      metadata: metadataFor(context),
      now,
      command: (conversationId): ConversationCommand => ({
        type: 'ProposeConversation',
        conversationId,
        now,
        actor: { userId: actor.userId, orgId: actor.orgId },
        targetOrgId: target.id,
        reason: request.reason,
        subject: request.subject ? { kind: request.subject.kind, id: request.subject.id } : null,
      }),
    });
    return answer(id, state, revision);
  }
}

function answer(id: string, state: ConversationState, revision: number): ProposeConversationResult {
  if (!state.exists) throw new Error('ConversationProposed did not create the conversation');
  return { id, revision, status: state.status };
}

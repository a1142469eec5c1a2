import { Logger } from '@nestjs/common';
import { metadataCausedBy, type RecordedEvent } from '@app/kernel';
import type { Reactor } from '@app/event-store';
import { organizationDecider, organizationStream, type OrganizationCommand } from '@app/access';
import type { CommandRunner } from '@app/platform';
import { conversationIdOf } from '../domain/conversation.decider.js';
import type { ConversationFollowedUp } from '../domain/conversation.events.js';

/**
 * A follow-up that found no improvement recommends adjusting the target's secretary (予以调整,
 * `SecretaryAdjustmentRecommended` on the organisation's stream, with the conversation as its
 * basis). The supervisor who recorded the follow-up is the one who recommends (the decider let only
 * the conversation's supervising organisation record it).
 *
 * At least once, exactly once in effect: the organisation event's id is derived from the follow-up
 * event (effectId), so a batch handled again after a crash appends nothing twice.
 */
export class NotImprovedReactor implements Reactor {
  readonly name = 'conversation-not-improved';
  readonly categories = ['conversation'];
  readonly typePrefixes = ['ConversationFollowedUp'];
  private readonly logger = new Logger('ConversationNotImproved');

  constructor(private readonly runner: CommandRunner) {}

  async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'ConversationFollowedUp') await this.recommend(event as RecordedEvent<ConversationFollowedUp['data']>);
    }
  }

  private async recommend(event: RecordedEvent<ConversationFollowedUp['data']>): Promise<void> {
    const { outcome, targetOrgId } = event.data;
    const conversationId = conversationIdOf(event.streamId);
    if (outcome !== 'not_improved' || !conversationId) return;
    const supervisorOrgId = event.metadata.actorOrgId;
    if (!supervisorOrgId) return;
    const metadata = metadataCausedBy(event, { actorId: event.metadata.actorId, actorOrgId: supervisorOrgId, actorRoles: ['supervisor'] });
    const command: OrganizationCommand = {
      type: 'RecommendSecretaryAdjustment',
      // The notes stay on the conversation (the basis names it); the reason is the recommendation itself.
      reason: '诫勉谈话后回访整改不力，建议对党组织书记予以调整',
      basis: { kind: 'conversation', conversationId },
      now: event.occurredAt,
      effectId: `${event.eventId}:adjust:${targetOrgId}`,
    };
    await this.runner.runEffect({ streamId: organizationStream(targetOrgId), decider: organizationDecider, command, metadata, now: event.occurredAt }, this.logger);
  }
}

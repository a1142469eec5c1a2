import { Logger } from '@nestjs/common';
import { localDateOf, metadataCausedBy, type RecordedEvent } from '@app/kernel';
import type { Reactor } from '@app/event-store';
import { commitmentsPledgeId, conversationIdOf, type ConversationHeld } from '@app/conversations';
import type { CommandRunner } from '@app/platform';
import { pledgeDecider, pledgeStream } from '../domain/pledge.decider.js';
import type { PledgeCommand } from '../domain/pledge.commands.js';

/**
 * DESIGN §6: "each commitment becomes a pledge item with a due time". The commitments minuted in a
 * held conversation become one responsibility letter between the conversation's supervisor (who
 * recorded it: the decider let only that organisation) and its target, one item per commitment,
 * active at once (README: the minutes are the record both sides gave), so the earliest open item is
 * the pledge's deadline on the board and under the escalation ladder.
 *
 * At least once, exactly once in effect: the letter's id follows from the conversation's
 * (`commitmentsPledgeId`) and its events' ids from the held event (effectId); a second run finds
 * the letter and the decider's conflict ends it, so nothing is appended twice.
 */
export class CommitmentsReactor implements Reactor {
  readonly name = 'conversation-commitments';
  readonly categories = ['conversation'];
  readonly typePrefixes = ['ConversationHeld'];
  private readonly logger = new Logger('ConversationCommitments');

  constructor(private readonly runner: CommandRunner, private readonly tz: string) {}

  async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'ConversationHeld') await this.takeOver(event as RecordedEvent<ConversationHeld['data']>);
    }
  }

  private async takeOver(event: RecordedEvent<ConversationHeld['data']>): Promise<void> {
    const { commitments, targetOrgId } = event.data;
    const supervisorOrgId = event.metadata.actorOrgId;
    // An event of another shape (no list of commitments) has nothing to take over.
    const conversationId = conversationIdOf(event.streamId);
    if (!Array.isArray(commitments) || commitments.length === 0 || !supervisorOrgId || !conversationId) return;
    const pledgeId = commitmentsPledgeId(conversationId);
    const heldOn = localDateOf(event.occurredAt, this.tz);
    const metadata = metadataCausedBy(event, { actorId: event.metadata.actorId, actorOrgId: supervisorOrgId, actorRoles: ['supervisor'] });
    const command: PledgeCommand = {
      type: 'TakeOverCommitments',
      pledgeId,
      now: event.occurredAt,
      actor: { userId: event.metadata.actorId, orgId: supervisorOrgId },
      conversationId,
      targetOrgId,
      supervisorOrgId,
      title: `诫勉谈话整改承诺（${heldOn}）`,
      term: heldOn.slice(0, 4),
      commitments: commitments.map((commitment) => ({ text: commitment.text, dueAt: new Date(commitment.dueAt) })),
      effectId: `${event.eventId}:commitments`,
    };
    await this.runner.runEffect({ streamId: pledgeStream(pledgeId), decider: pledgeDecider, command, metadata, now: event.occurredAt }, this.logger);
  }
}

import { Logger } from '@nestjs/common';
import { isDomainError, metadataCausedBy, type Decider, type DomainEvent, type EventMetadata, type RecordedEvent } from '@app/kernel';
import type { Reactor } from '@app/event-store';
import { organizationDecider, organizationStream, type ConsequenceBasis, type OrganizationCommand } from '@app/access';
import { conversationDecider, conversationStream, type ConversationCommand } from '@app/conversations';
import type { CommandRunner } from '@app/platform';
import type { RankingPublished } from '../domain/ranking.decider.js';

/** An organisation command without what the reactor fills in (distributed over the union, so each keeps its own fields). */
type OrgChange = OrganizationCommand extends infer C ? (C extends unknown ? Omit<C, 'now' | 'effectId'> : never) : never;

/** 2026 → 2026年度; 2026-Q1 → 2026-Q1. */
const periodLabel = (period: string) => (/^\d{4}$/.test(period) ? `${period}年度` : period);

/**
 * Carries out what a published ranking decided (its `consequences`): 表彰 the top three, one
 * 诫勉谈话 with each bottom organisation's secretary, 予以调整 for a secretary bottom two years
 * running, plaques awarded and revoked, the backward designation and its lifting.
 *
 * At least once, exactly once in effect: every organisation event gets an id derived from the
 * ranking event (effectId), so a batch handled again after a crash appends nothing twice; the
 * conversation has the id the ranking named, so a second proposal finds it and stops. A
 * consequence that no longer applies (the plaque already held, the organisation merged) is
 * skipped with a warning rather than holding every later ranking up.
 */
export class RankingConsequencesReactor implements Reactor {
  readonly name = 'ranking-consequences';
  readonly categories = ['ranking'];
  readonly typePrefixes = ['RankingPublished'];
  private readonly logger = new Logger('RankingConsequences');

  constructor(private readonly runner: CommandRunner) {}

  async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) if (event.type === 'RankingPublished') await this.carryOut(event as RecordedEvent<RankingPublished['data']>);
  }

  private async carryOut(event: RecordedEvent<RankingPublished['data']>): Promise<void> {
    const ranking = event.data;
    const { consequences: c, supervisorOrgId, period, version } = ranking;
    const now = event.occurredAt;
    const metadata = metadataCausedBy(event, { actorId: ranking.publishedBy, actorOrgId: supervisorOrgId, actorRoles: ['supervisor'] });
    const label = periodLabel(period);
    const rankOf = (orgId: string) => ranking.rows.find((r) => r.orgId === orgId)?.rank ?? 0;
    const basis = (orgId: string): ConsequenceBasis => ({ kind: 'ranking', supervisorOrgId, period, version, rank: rankOf(orgId) });
    const org = (orgId: string, what: string, command: OrgChange) =>
      this.run(organizationStream(orgId), organizationDecider, { ...command, now, effectId: `${event.eventId}:${what}:${orgId}` }, metadata, now);

    for (const { orgId, rank } of c.commend) {
      await org(orgId, 'commend', { type: 'CommendOrganization', reason: `${label}考核排名第${rank}名，予以表彰`, basis: basis(orgId) });
    }
    for (const { orgId, conversationId, rank } of c.conversations) {
      const command: ConversationCommand = {
        type: 'ProposeConversation',
        conversationId,
        now,
        actor: { userId: ranking.publishedBy, orgId: supervisorOrgId },
        targetOrgId: orgId,
        reason: `${label}考核排名末位（第${rank}名），对党组织书记进行诫勉谈话`,
        subject: null,
      };
      await this.run(conversationStream(conversationId), conversationDecider, command, metadata, now);
    }
    for (const { orgId, previousPeriod } of c.secretaryAdjustments) {
      await org(orgId, 'adjust', {
        type: 'RecommendSecretaryAdjustment',
        reason: `连续两年考核排名末位（${periodLabel(previousPeriod)}、${label}），建议对党组织书记予以调整`,
        basis: basis(orgId),
      });
    }
    for (const { orgId, plaque } of c.plaquesAwarded) await org(orgId, `award:${plaque}`, { type: 'AwardPlaque', plaque, reason: `${label}考核为先进，命名授牌` });
    for (const { orgId, plaque } of c.plaquesRevoked) await org(orgId, `revoke:${plaque}`, { type: 'RevokePlaque', plaque, reason: `${label}考核未达先进，予以摘牌` });
    for (const { orgId } of c.designatedBackward) await org(orgId, 'backward', { type: 'DesignateBackward', reason: `${label}考核排名末位，列为后进党组织` });
    for (const { orgId } of c.restored) await org(orgId, 'restore', { type: 'RestoreFromBackward', reason: `${label}考核达标，摘掉后进帽子` });
  }

  private async run<S, C, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C, metadata: EventMetadata, now: Date): Promise<void> {
    try {
      await this.runner.run({ streamId, decider, command, metadata, now });
    } catch (error) {
      // Refused by the decider: done already (a conversation with this id, a plaque held) or no
      // longer possible (merged). Anything else (the store is down) is thrown, and retried.
      if (!isDomainError(error)) throw error;
      if (error.kind !== 'conflict') this.logger.warn(`${streamId}: ${(command as { type: string }).type} not carried out: ${error.message}`);
    }
  }
}

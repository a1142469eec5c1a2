import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, conflict } from '@app/kernel';
import { CommandRunner, metadataFor } from '@app/platform';
import { parsePeriod, previousPeriod } from '@app/reporting';
import { publishedBottom, rankingDecider, rankingStream, RANKING_ERRORS, type PublishRanking } from '../domain/ranking.decider.js';
import { RankingAccess } from '../application/ranking-access.js';
import { RankingReader } from '../application/ranking-reader.js';
import { PublishRankingCommand, type PublishRankingResult } from './publish-ranking.command.js';

/**
 * A shell: the clock once, who may see the draft, the draft computed from the events, the facts
 * the consequences depend on (plaques and backward designations held, last year's bottom), then
 * the decider. What publishing sets off is carried out by the ranking-consequences reactor.
 */
@CommandHandler(PublishRankingCommand)
export class PublishRankingHandler implements ICommandHandler<PublishRankingCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly access: RankingAccess,
    private readonly reader: RankingReader,
  ) {}

  async execute({ supervisorOrgId, period, request, context }: PublishRankingCommand): Promise<PublishRankingResult> {
    const now = this.clock.now();
    const { actor } = context;
    const cadence = parsePeriod(period).cadence;
    const { supervisor } = await this.access.sight(actor, supervisorOrgId);
    const live = await this.reader.live(supervisor.id, period, null, now);
    if (live.pending.length > 0 && live.rows.length > 0 && request.allowPending !== true) {
      throw conflict('RANKING.PENDING', `${live.pending.length} organisations have no finalized assessment: ${live.pending.map((p) => p.orgId).join(', ')} (send allowPending: true to leave them out)`, {
        pending: live.pending,
      });
    }
    const standings = await this.reader.standings(live.rows.map((r) => r.orgId));
    // 予以调整 looks at the yearly rankings: bottom this year and bottom the year before.
    let previousBottom: PublishRanking['previousBottom'] = null;
    if (cadence === 'yearly') {
      const last = (await this.reader.published(supervisor.id, previousPeriod(period), null)).versions.at(-1);
      if (last) previousBottom = { period: last.period, orgIds: publishedBottom(last.rows) };
    }
    const outcome = await this.runner.run({
      streamId: rankingStream(supervisor.id, period),
      decider: rankingDecider,
      command: {
        type: 'PublishRanking',
        supervisorOrgId: supervisor.id,
        period,
        actor: { userId: actor.userId, orgId: actor.orgId },
        now,
        scheme: this.reader.scheme,
        rows: live.rows,
        standings,
        previousBottom,
        reason: request.reason ?? null,
      },
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
    });
    const event = outcome.events[0];
    if (outcome.state.versions === 0) throw conflict(RANKING_ERRORS.NOTHING_TO_PUBLISH, 'Nothing was published');
    return {
      supervisorOrgId: supervisor.id,
      period,
      version: outcome.state.versions,
      revision: outcome.revision,
      published: !outcome.unchanged,
      consequences: event?.data.consequences ?? null,
    };
  }
}

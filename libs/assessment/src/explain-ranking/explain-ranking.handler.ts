import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/kernel';
import { RankingQueries } from '../get-ranking/ranking-queries.js';
import type { RankingExplanation } from './ranking-explanation.js';
import { ExplainRankingQuery } from './explain-ranking.query.js';

/** The explanation of one row, from the same answer the list gives (published: frozen with the version). */
@QueryHandler(ExplainRankingQuery)
export class ExplainRankingHandler implements IQueryHandler<ExplainRankingQuery> {
  constructor(private readonly rankings: RankingQueries) {}

  async execute({ request, orgId }: ExplainRankingQuery): Promise<RankingExplanation> {
    const { view, rows } = await this.rankings.answer(request);
    const index = rows.findIndex((r) => r.orgId === orgId);
    if (index === -1) throw notFound('RANKING.ROW_NOT_FOUND', `${orgId} is not ranked in ${view.supervisorOrgId}'s ranking for ${view.period}`);
    return {
      ...view.rows[index]!,
      supervisorOrgId: view.supervisorOrgId,
      period: view.period,
      status: view.status,
      version: view.version,
      asOf: view.asOf,
      components: rows[index]!.components,
    };
  }
}

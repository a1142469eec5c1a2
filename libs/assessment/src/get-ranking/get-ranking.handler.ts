import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RankingQueries } from './ranking-queries.js';
import type { RankingView } from './ranking-view.js';
import { GetRankingQuery } from './get-ranking.query.js';

@QueryHandler(GetRankingQuery)
export class GetRankingHandler implements IQueryHandler<GetRankingQuery> {
  constructor(private readonly rankings: RankingQueries) {}

  async execute({ request }: GetRankingQuery): Promise<RankingView> {
    return (await this.rankings.answer(request)).view;
  }
}

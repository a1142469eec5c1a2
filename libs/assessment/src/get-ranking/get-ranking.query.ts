import { Query } from '@nestjs/cqrs';
import type { RankingRequest } from './ranking-queries.js';
import type { RankingView } from './ranking-view.js';

export class GetRankingQuery extends Query<RankingView> {
  constructor(readonly request: RankingRequest) {
    super();
  }
}

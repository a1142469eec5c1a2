import { Query } from '@nestjs/cqrs';
import type { RankingRequest } from '../get-ranking/ranking-queries.js';
import type { RankingExplanation } from './ranking-explanation.js';

export class ExplainRankingQuery extends Query<RankingExplanation> {
  constructor(readonly request: RankingRequest, readonly orgId: string) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { RankingRequest } from '../get-ranking/ranking-queries.js';

export class ExportRankingQuery extends Query<Buffer> {
  constructor(readonly request: RankingRequest) {
    super();
  }
}

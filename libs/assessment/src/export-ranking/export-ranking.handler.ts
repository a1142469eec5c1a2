import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RankingQueries } from '../get-ranking/ranking-queries.js';
import { RankingReader } from '../application/ranking-reader.js';
import { buildRankingWorkbook } from './ranking-workbook.js';
import { ExportRankingQuery } from './export-ranking.query.js';

@QueryHandler(ExportRankingQuery)
export class ExportRankingHandler implements IQueryHandler<ExportRankingQuery> {
  constructor(private readonly rankings: RankingQueries, private readonly reader: RankingReader) {}

  async execute({ request }: ExportRankingQuery): Promise<Buffer> {
    const { view, rows } = await this.rankings.answer(request);
    return buildRankingWorkbook({
      title: `${view.supervisorName} ${view.period} 考核排名`,
      version: view.status === 'published' ? view.version : null,
      status: view.status,
      rows,
      scheme: this.reader.scheme,
    });
  }
}

import { ApiProperty } from '@nestjs/swagger';
import type { ScoreComponent } from '../domain/scoring.js';
import type { RankingRowView, RankingView } from '../get-ranking/ranking-view.js';

/** One row of a ranking with every component behind its score: the points add up to `score`. */
export interface RankingExplanation extends RankingRowView {
  supervisorOrgId: string;
  period: string;
  status: RankingView['status'];
  version: number | null;
  asOf: string | null;
  components: ScoreComponent[];
}

export class RankingExplanationResponse {
  @ApiProperty({ example: 'county-zhongmu' }) supervisorOrgId!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ example: 'twp-liuji' }) orgId!: string;
  @ApiProperty({ example: '刘集镇' }) orgName!: string;
  @ApiProperty({ example: 2 }) rank!: number;
  @ApiProperty({ example: 85.5 }) score!: number;
  @ApiProperty({ enum: ['advanced', 'standard', 'failed'] }) tier!: string;
  @ApiProperty({ enum: ['draft', 'published'] }) status!: string;
  @ApiProperty({ nullable: true }) version!: number;
  @ApiProperty({
    example: [{ kind: 'evaluation', key: 'masses', label: '群众评', weight: 30, inputs: { score: 80, evaluators: 120, groupWeight: 30, share: 100 }, points: 24, eventIds: ['…'] }],
    description: 'Every component with its inputs and the ids of the events behind it; the points add up to the score',
  })
  components!: unknown[];
}

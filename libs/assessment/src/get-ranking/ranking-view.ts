import { ApiProperty } from '@nestjs/swagger';
import { summarize, TIER_LABELS, toHundredths, fromHundredths, type TierSummary } from '../domain/scoring.js';
import type { PublishedRow, RowChange } from '../domain/ranking.decider.js';

export interface RankingRowView {
  rank: number;
  orgId: string;
  orgName: string;
  orgKind: string;
  category: string;
  score: number;
  tier: PublishedRow['tier'];
  tierLabel: string;
  vetoed: boolean;
  stars: number | null;
  /** Against the latest published ranking of the period before; null when it was not ranked then. */
  change: { previousRank: number; previousScore: number; scoreDelta: number } | null;
}

export interface RankingView {
  supervisorOrgId: string;
  supervisorName: string;
  period: string;
  /** The instant the answer is computed for (null: now). */
  asOf: string | null;
  /** `published`: the rows are those of the latest published version (a draft that equals it is published too). */
  status: 'draft' | 'published';
  /** The latest published version (null: never published). */
  version: number | null;
  publishedAt: string | null;
  rows: RankingRowView[];
  summary: TierSummary & { byCategory: Record<string, TierSummary> };
  /** Children without a finalized assessment (draft only). */
  pending: Array<{ orgId: string; orgName: string; status: 'none' | 'open' }>;
  /** What a publish now would change against the latest published version (draft only). */
  changesSincePublished: RowChange[];
}

export function rowView(row: PublishedRow, previous: Map<string, PublishedRow>): RankingRowView {
  const before = previous.get(row.orgId);
  return {
    rank: row.rank,
    orgId: row.orgId,
    orgName: row.orgName,
    orgKind: row.orgKind,
    category: row.category,
    score: row.score,
    tier: row.tier,
    tierLabel: TIER_LABELS[row.tier],
    vetoed: row.vetoed,
    stars: row.stars,
    change: before ? { previousRank: before.rank, previousScore: before.score, scoreDelta: fromHundredths(toHundredths(row.score) - toHundredths(before.score)) } : null,
  };
}

/** Counts per tier and the attainment rate, overall and per category (like is ranked with like). */
export function summaryOf(rows: PublishedRow[]): RankingView['summary'] {
  const categories = [...new Set(rows.map((r) => r.category))];
  return { ...summarize(rows), byCategory: Object.fromEntries(categories.map((c) => [c, summarize(rows.filter((r) => r.category === c))])) };
}

export class RankingRowResponse {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ example: 'twp-liuji' }) orgId!: string;
  @ApiProperty({ example: '刘集镇' }) orgName!: string;
  @ApiProperty({ example: 'township' }) orgKind!: string;
  @ApiProperty({ example: '一类' }) category!: string;
  @ApiProperty({ example: 85.5, description: 'Composite score, two decimals' }) score!: number;
  @ApiProperty({ enum: ['advanced', 'standard', 'failed'] }) tier!: string;
  @ApiProperty({ example: '达标' }) tierLabel!: string;
  @ApiProperty() vetoed!: boolean;
  @ApiProperty({ nullable: true, example: 4 }) stars!: number;
  @ApiProperty({ nullable: true, example: { previousRank: 3, previousScore: 84, scoreDelta: 1.5 } }) change!: unknown;
}

export class RankingViewResponse {
  @ApiProperty({ example: 'county-zhongmu' }) supervisorOrgId!: string;
  @ApiProperty({ example: '中牟县' }) supervisorName!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ nullable: true }) asOf!: string;
  @ApiProperty({ enum: ['draft', 'published'] }) status!: string;
  @ApiProperty({ nullable: true, example: 1 }) version!: number;
  @ApiProperty({ nullable: true }) publishedAt!: string;
  @ApiProperty({ type: [RankingRowResponse] }) rows!: RankingRowResponse[];
  @ApiProperty({ example: { total: 15, advanced: 4, standard: 10, failed: 1, attained: 14, attainmentRate: 93.3, byCategory: {} } }) summary!: unknown;
  @ApiProperty({ example: [{ orgId: 'twp-x', orgName: '某镇', status: 'open' }] }) pending!: unknown[];
  @ApiProperty({ example: [] }) changesSincePublished!: unknown[];
}

import { ApiProperty } from '@nestjs/swagger';
import { subjectTimeline, type SubjectTimelineEntry } from '@app/kernel';
import type { Assessment } from '../domain/assessment.decider.js';
import type { AssessmentScheme } from '../domain/scheme.js';
import type { ScoredOrganization, ScoreComponent, Tier } from '../domain/scoring.js';
import type { AssessmentAt } from '../application/ranking-reader.js';

export interface AssessmentView {
  orgId: string;
  orgName: string;
  period: string;
  supervisorOrgId: string | null;
  status: 'none' | 'open' | 'finalized';
  schemeVersion: string;
  category: string | null;
  groups: Array<{ group: string; label: string; weight: number; score: number | null; evaluators: number | null; eventId: string | null }>;
  items: Array<{ item: string; label: string; max: number; score: number | null; evidence: string | null; eventId: string | null }>;
  indices: Array<{ index: string; label: string; max: number; score: number | null }>;
  vetoes: Array<{ item: string; label: string; reason: string; eventId: string | null }>;
  finalizedAt: string | null;
  corrections: number;
  /** The composite as it would stand now, with its components (the ranking recomputes it when published). */
  preview: { score: number; tier: Tier; vetoed: boolean; stars: number | null; components: ScoreComponent[] } | null;
  revision: number;
  timeline: SubjectTimelineEntry[];
}

export function toAssessmentView(
  org: { id: string; name: string; parentId: string | null },
  period: string,
  at: AssessmentAt,
  scheme: AssessmentScheme,
  preview: ScoredOrganization | null,
): AssessmentView {
  const a: Assessment | null = at.state.exists ? at.state : null;
  return {
    orgId: org.id,
    orgName: org.name,
    period,
    supervisorOrgId: a?.supervisorOrgId ?? org.parentId,
    status: a === null ? 'none' : a.finalized ? 'finalized' : 'open',
    schemeVersion: scheme.version,
    category: a?.category ?? null,
    groups: scheme.groups.map((g) => ({
      group: g.key,
      label: g.label,
      weight: g.weight,
      score: a?.groups[g.key]?.score ?? null,
      evaluators: a?.groups[g.key]?.evaluators ?? null,
      eventId: at.sources[`group:${g.key}`] ?? null,
    })),
    items: scheme.items.map((x) => ({
      item: x.key,
      label: x.label,
      max: x.max,
      score: a?.items[x.key]?.score ?? null,
      evidence: a?.items[x.key]?.evidence ?? null,
      eventId: at.sources[`item:${x.key}`] ?? null,
    })),
    indices: scheme.stars.indices.map((x) => ({ index: x.key, label: x.label, max: x.max, score: a?.indices[x.key] ?? null })),
    vetoes: scheme.vetoes
      .filter((v) => a?.vetoes[v.key])
      .map((v) => ({ item: v.key, label: v.label, reason: a!.vetoes[v.key]!.reason, eventId: at.sources[`veto:${v.key}`] ?? null })),
    finalizedAt: a?.finalizedAt ?? null,
    corrections: a?.corrections ?? 0,
    preview: preview ? { score: preview.score, tier: preview.tier, vetoed: preview.vetoed, stars: preview.stars, components: preview.components } : null,
    revision: at.revision,
    timeline: subjectTimeline(at.history),
  };
}

export class AssessmentViewResponse {
  @ApiProperty({ example: 'twp-liuji' }) orgId!: string;
  @ApiProperty({ example: '刘集镇' }) orgName!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ nullable: true, example: 'county-zhongmu' }) supervisorOrgId!: string;
  @ApiProperty({ enum: ['none', 'open', 'finalized'] }) status!: string;
  @ApiProperty({ example: '2026.1' }) schemeVersion!: string;
  @ApiProperty({ nullable: true, example: '一类' }) category!: string;
  @ApiProperty({ example: [{ group: 'masses', label: '群众评', weight: 30, score: 80, evaluators: 120, eventId: '…' }] }) groups!: unknown[];
  @ApiProperty({ example: [] }) items!: unknown[];
  @ApiProperty({ example: [{ index: 'cooperationTrust', label: '合作信用指数', max: 100, score: 92 }] }) indices!: unknown[];
  @ApiProperty({ example: [{ item: 'publicOrder', label: '社会治安', reason: '发生重大群体性事件', eventId: '…' }] }) vetoes!: unknown[];
  @ApiProperty({ nullable: true }) finalizedAt!: string;
  @ApiProperty() corrections!: number;
  @ApiProperty({ nullable: true, example: { score: 85.5, tier: 'standard', vetoed: false, stars: null, components: [] } }) preview!: unknown;
  @ApiProperty({ description: '-1 while nothing is recorded' }) revision!: number;
  @ApiProperty({ example: [{ type: 'AssessmentScoresRecorded', at: '2026-12-20T02:00:00.000Z', actorId: '…' }] }) timeline!: unknown[];
}

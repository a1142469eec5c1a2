import { DEDUCTION_KEYS, DEDUCTION_LABELS, INDICATOR_KEYS, INDICATOR_LABELS, type AssessmentScheme, type DeductionKey, type IndicatorKey } from './scheme.js';

/*
 * Scores in integers. Every input has at most two decimals and every weight is an integer
 * percentage, so each component is a ratio of integers; it is rounded once, half up, to
 * hundredths of a point, and the composite is the sum of the rounded components. That makes
 * the explanation add up to the score exactly (no floating-point drift), which a reader of the
 * explanation can check with pencil and paper.
 */

/** Hundredths of a point from a number with at most two decimals. */
export const toHundredths = (value: number): number => Math.round(value * 100);
export const fromHundredths = (hundredths: number): number => hundredths / 100;

/** a / b rounded half up (a ≥ 0, b > 0), for integers. */
export function roundDiv(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

export type Tier = 'advanced' | 'standard' | 'failed';
export const TIER_LABELS: Record<Tier, string> = { advanced: '先进', standard: '达标', failed: '不达标' };

/** What the ranking knows of one organisation's period: its finalized assessment and its record. */
export interface ScoringInput {
  orgId: string;
  orgName: string;
  orgKind: string;
  category: string;
  groups: Record<string, { score: number; evaluators: number; eventId: string | null }>;
  items: Record<string, { score: number; evidence: string; eventId: string | null }>;
  indices: Record<string, { score: number; eventId: string | null }>;
  vetoes: Record<string, { reason: string; eventId: string | null }>;
  /** Rates from the events: `onTime` of `due`, with the ids of the events behind them. */
  indicators: Record<IndicatorKey, { onTime: number; due: number; eventIds: string[] }>;
  deductions: Record<DeductionKey, { count: number; eventIds: string[] }>;
}

export type ComponentKind = 'evaluation' | 'item' | 'indicator' | 'deduction' | 'adjustment' | 'veto';

export interface ScoreComponent {
  kind: ComponentKind;
  key: string;
  label: string;
  /** The weight that applies, in percent of the composite (deductions: points per occurrence). */
  weight: number;
  inputs: Record<string, number | string | null>;
  /** Points this component gives (negative for deductions), two decimals. */
  points: number;
  eventIds: string[];
}

export interface ScoredOrganization {
  orgId: string;
  orgName: string;
  orgKind: string;
  category: string;
  score: number;
  vetoed: boolean;
  tier: Tier;
  stars: number | null;
  components: ScoreComponent[];
}

/** The composite of one organisation with the component behind every point. */
export function scoreOrganization(input: ScoringInput, scheme: AssessmentScheme): ScoredOrganization {
  const components: Array<ScoreComponent & { hundredths: number }> = [];
  const push = (c: Omit<ScoreComponent, 'points'> & { hundredths: number }) => components.push({ ...c, points: fromHundredths(c.hundredths) });

  const evaluation = scheme.composition.evaluation;
  for (const group of scheme.groups) {
    const given = input.groups[group.key];
    const score = given ? toHundredths(given.score) : 0;
    // score × group weight % × evaluation share %, in hundredths of a point.
    push({
      kind: 'evaluation',
      key: group.key,
      label: group.label,
      weight: (group.weight * evaluation) / 100,
      inputs: { score: given ? given.score : null, evaluators: given ? given.evaluators : 0, groupWeight: group.weight, share: evaluation },
      hundredths: roundDiv(score * group.weight * evaluation, 100 * 100),
      eventIds: given?.eventId ? [given.eventId] : [],
    });
  }

  if (scheme.composition.items > 0) {
    const maxTotal = scheme.items.reduce((sum, item) => sum + toHundredths(item.max), 0);
    for (const item of scheme.items) {
      const given = input.items[item.key];
      const score = given ? toHundredths(given.score) : 0;
      push({
        kind: 'item',
        key: item.key,
        label: item.label,
        weight: scheme.composition.items,
        inputs: { score: given ? given.score : null, max: item.max, evidence: given?.evidence ?? null },
        hundredths: roundDiv(score * scheme.composition.items * 100, maxTotal),
        eventIds: given?.eventId ? [given.eventId] : [],
      });
    }
  }

  if (scheme.composition.indicators > 0) {
    for (const key of INDICATOR_KEYS) {
      const weight = scheme.indicators[key];
      if (weight === 0) continue;
      const { onTime, due, eventIds } = input.indicators[key];
      // Nothing was due: nothing was late either, so the indicator gives its full weight.
      const hundredths = due === 0 ? weight * scheme.composition.indicators : roundDiv(onTime * weight * scheme.composition.indicators, due);
      push({
        kind: 'indicator',
        key,
        label: INDICATOR_LABELS[key],
        weight: (weight * scheme.composition.indicators) / 100,
        inputs: { onTime, due, rate: due === 0 ? null : Math.round((onTime * 1000) / due) / 10 },
        hundredths,
        eventIds,
      });
    }
  }

  let deducted = 0;
  for (const key of DEDUCTION_KEYS) {
    const { count, eventIds } = input.deductions[key];
    const per = toHundredths(scheme.deductions[key]);
    if (count === 0 || per === 0) continue;
    deducted += count * per;
    push({ kind: 'deduction', key, label: DEDUCTION_LABELS[key], weight: scheme.deductions[key], inputs: { count, pointsEach: scheme.deductions[key] }, hundredths: -count * per, eventIds });
  }
  const cap = toHundredths(scheme.deductions.max);
  if (deducted > cap) {
    push({ kind: 'adjustment', key: 'deductionCap', label: '扣分封顶', weight: 0, inputs: { deducted: fromHundredths(deducted), max: scheme.deductions.max }, hundredths: deducted - cap, eventIds: [] });
  }
  const sum = components.reduce((s, c) => s + c.hundredths, 0);
  if (sum < 0) push({ kind: 'adjustment', key: 'floor', label: '最低为零', weight: 0, inputs: { sum: fromHundredths(sum) }, hundredths: -sum, eventIds: [] });
  const hundredths = components.reduce((s, c) => s + c.hundredths, 0);

  const vetoes = scheme.vetoes.filter((v) => input.vetoes[v.key]);
  for (const veto of vetoes) {
    const given = input.vetoes[veto.key]!;
    push({ kind: 'veto', key: veto.key, label: `一票否决：${veto.label}`, weight: 0, inputs: { reason: given.reason }, hundredths: 0, eventIds: given.eventId ? [given.eventId] : [] });
  }
  const vetoed = vetoes.length > 0;
  const tier: Tier = vetoed
    ? 'failed'
    : hundredths >= toHundredths(scheme.tiers.advanced)
      ? 'advanced'
      : hundredths >= toHundredths(scheme.tiers.standard)
        ? 'standard'
        : 'failed';
  return {
    orgId: input.orgId,
    orgName: input.orgName,
    orgKind: input.orgKind,
    category: input.category,
    score: fromHundredths(hundredths),
    vetoed,
    tier,
    stars: starsOf(input, scheme),
    components: components.map(({ hundredths: _h, ...c }) => c),
  };
}

/** 星级评定: the share of the indices' total the organisation reached, against the thresholds. */
export function starsOf(input: Pick<ScoringInput, 'indices'>, scheme: AssessmentScheme): number | null {
  const indices = scheme.stars.indices;
  if (indices.length === 0 || !indices.some((index) => input.indices[index.key])) return null;
  const reached = indices.reduce((sum, index) => sum + toHundredths(input.indices[index.key]?.score ?? 0), 0);
  const total = indices.reduce((sum, index) => sum + toHundredths(index.max), 0);
  const percentTenths = roundDiv(reached * 1000, total);
  const met = scheme.stars.thresholds.filter((t) => percentTenths >= t.min * 10).map((t) => t.stars);
  return met.length === 0 ? null : Math.max(...met);
}

/** A ranked organisation, with the components behind its score (the explanation). */
export interface RankedRow extends ScoredOrganization {
  rank: number;
}

/**
 * Ranks within each category: by score, ties sharing a rank (1, 2, 2, 4); a vetoed organisation
 * comes after every other one of its category, whatever its score. Rows of one category are
 * listed together, in the scheme's order of categories; equal places are listed by id.
 */
export function rankOrganizations(scored: ScoredOrganization[], scheme: AssessmentScheme): RankedRow[] {
  const order = (category: string) => {
    const i = scheme.categories.indexOf(category);
    return i === -1 ? scheme.categories.length : i;
  };
  const sorted = [...scored].sort(
    (a, b) =>
      order(a.category) - order(b.category) ||
      a.category.localeCompare(b.category) ||
      Number(a.vetoed) - Number(b.vetoed) ||
      toHundredths(b.score) - toHundredths(a.score) ||
      (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0),
  );
  const rows: RankedRow[] = [];
  let position = 0;
  let previous: RankedRow | undefined;
  for (const org of sorted) {
    if (previous && previous.category !== org.category) position = 0;
    position += 1;
    const tied = previous && previous.category === org.category && previous.vetoed === org.vetoed && toHundredths(previous.score) === toHundredths(org.score);
    const ranked: RankedRow = { ...org, rank: tied ? previous!.rank : position };
    rows.push(ranked);
    previous = ranked;
  }
  return rows;
}

export interface TierSummary {
  total: number;
  advanced: number;
  standard: number;
  failed: number;
  /** 达标 or better. */
  attained: number;
  /** Attained of total in percent, one decimal (14 of 15 → 93.3). */
  attainmentRate: number | null;
}

export function summarize(rows: Array<Pick<RankedRow, 'tier'>>): TierSummary {
  const count = (tier: Tier) => rows.filter((r) => r.tier === tier).length;
  const total = rows.length;
  const attained = count('advanced') + count('standard');
  return {
    total,
    advanced: count('advanced'),
    standard: count('standard'),
    failed: count('failed'),
    attained,
    attainmentRate: total === 0 ? null : roundDiv(attained * 1000, total) / 10,
  };
}

/** The bottom organisation of each category (the last row; among a tie at the bottom, the last by id). */
export function bottomOfEachCategory(rows: RankedRow[]): RankedRow[] {
  const last = new Map<string, RankedRow>();
  for (const row of rows) last.set(row.category, row);
  return [...last.values()];
}

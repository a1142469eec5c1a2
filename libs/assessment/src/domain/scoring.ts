import { DEDUCTION_KEYS, DEDUCTION_LABELS, INDICATOR_KEYS, INDICATOR_LABELS, type AssessmentScheme, type DeductionKey, type IndicatorKey } from './scheme.js';

/*
 * Scores in integers. Every input has at most two decimals and every weight is an integer
 * percentage, so each component is a ratio of integers. The composite is their exact sum rounded
 * once, half up, to hundredths of a point, and the weighted components are rounded so that they
 * add up to it (apportion); deductions are whole hundredths already. So the explanation adds up
 * to the score exactly (no floating-point drift), which a reader can check with pencil and paper.
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
  type Part = Omit<ScoreComponent, 'points'>;
  // The weighted parts first, each with its exact value as a fraction of hundredths; they are
  // rounded together (apportion) so that their sum is the exact composite rounded once.
  const weighted: Array<Part & { exact: Fraction }> = [];
  const components: Array<Part & { hundredths: number }> = [];
  const push = (c: Part & { hundredths: number }) => components.push(c);

  const evaluation = scheme.composition.evaluation;
  for (const group of scheme.groups) {
    const given = input.groups[group.key];
    const score = given ? toHundredths(given.score) : 0;
    // score × group weight % × evaluation share %, in hundredths of a point.
    weighted.push({
      kind: 'evaluation',
      key: group.key,
      label: group.label,
      weight: (group.weight * evaluation) / 100,
      inputs: { score: given ? given.score : null, evaluators: given ? given.evaluators : 0, groupWeight: group.weight, share: evaluation },
      exact: { num: score * group.weight * evaluation, den: 100 * 100 },
      eventIds: given?.eventId ? [given.eventId] : [],
    });
  }

  if (scheme.composition.items > 0) {
    const maxTotal = scheme.items.reduce((sum, item) => sum + toHundredths(item.max), 0);
    for (const item of scheme.items) {
      const given = input.items[item.key];
      const score = given ? toHundredths(given.score) : 0;
      weighted.push({
        kind: 'item',
        key: item.key,
        label: item.label,
        weight: scheme.composition.items,
        inputs: { score: given ? given.score : null, max: item.max, evidence: given?.evidence ?? null },
        exact: { num: score * scheme.composition.items * 100, den: maxTotal },
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
      const exact = due === 0 ? { num: weight * scheme.composition.indicators, den: 1 } : { num: onTime * weight * scheme.composition.indicators, den: due };
      weighted.push({
        kind: 'indicator',
        key,
        label: INDICATOR_LABELS[key],
        weight: (weight * scheme.composition.indicators) / 100,
        inputs: { onTime, due, rate: due === 0 ? null : Math.round((onTime * 1000) / due) / 10 },
        exact,
        eventIds,
      });
    }
  }
  const rounded = apportion(weighted.map((part) => part.exact));
  weighted.forEach(({ exact: _exact, ...part }, i) => push({ ...part, hundredths: rounded[i]! }));

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
    components: components.map(({ hundredths: h, ...c }) => ({ ...c, points: fromHundredths(h) })),
  };
}

/** A non-negative exact value, num / den (den > 0), in hundredths of a point. */
export interface Fraction {
  num: number;
  den: number;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * Rounds the weighted parts of a score together, so that the composite is rounded once, not once
 * per part: each part gets its exact value rounded down, and the hundredths left over (the exact
 * sum rounded half up, minus those) go one each to the parts with the largest remainders (the
 * largest remainder method; equal remainders in the parts' order). Rounding each part on its own
 * could turn 89.99 into 90.00 (先进) by five half-ups; this way the composite is the exact one and
 * the parts still add up to it. In BigInt: the common denominator of the parts can pass 2^53.
 */
export function apportion(parts: Fraction[]): number[] {
  if (parts.length === 0) return [];
  const fractions = parts.map((f) => ({ num: BigInt(f.num), den: BigInt(f.den) }));
  const lcm = fractions.reduce((l, f) => (l / gcd(l, f.den)) * f.den, 1n);
  const total = fractions.reduce((sum, f) => sum + f.num * (lcm / f.den), 0n);
  const floors = fractions.map((f) => f.num / f.den);
  const target = (2n * total + lcm) / (2n * lcm);
  let left = target - floors.reduce((sum, x) => sum + x, 0n);
  const byRemainder = fractions
    .map((f, index) => ({ index, rem: f.num % f.den, den: f.den }))
    .sort((x, y) => (x.rem * y.den > y.rem * x.den ? -1 : x.rem * y.den < y.rem * x.den ? 1 : x.index - y.index));
  for (const { index } of byRemainder) {
    if (left <= 0n) break;
    floors[index]! += 1n;
    left -= 1n;
  }
  return floors.map(Number);
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

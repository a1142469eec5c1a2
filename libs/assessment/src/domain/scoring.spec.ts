import { noRecord, scoringInput } from '../testing/scoring-input.js';
import { DEFAULT_SCHEME, INDICATOR_KEYS, DEDUCTION_KEYS, schemeProblems, type AssessmentScheme } from './scheme.js';
import { apportion, bottomOfEachCategory, rankOrganizations, roundDiv, scoreOrganization, starsOf, summarize, type ScoringInput, type Tier } from './scoring.js';

const GROUPS = DEFAULT_SCHEME.groups.map((g) => g.key);
const input = scoringInput;
const hundredths = (x: number) => Math.round(x * 100);

describe('scoring (integer hundredths)', () => {
  it('五评 80/90/70/85/95 → 85.5, each group weighted 30/20/10/15/25', () => {
    const scored = scoreOrganization(input('t', [80, 90, 70, 85, 95]), DEFAULT_SCHEME);
    expect(scored.score).toBe(85.5);
    expect(scored.tier).toBe('standard');
    expect(scored.components.map((c) => [c.key, c.points])).toEqual([
      ['masses', 24],
      ['members', 18],
      ['peers', 7],
      ['deputies', 12.75],
      ['superiors', 23.75],
    ]);
    expect(scored.components[0]!.eventIds).toEqual(['e-t']);
  });

  it.each([
    [90, 'advanced'],
    [89.99, 'standard'],
    [75, 'standard'],
    [74.99, 'failed'],
  ] as Array<[number, Tier]>)('tiers at the thresholds: %s → %s', (score, tier) => {
    expect(scoreOrganization(input('t', score), DEFAULT_SCHEME).tier).toBe(tier);
  });

  it('a veto fails the organisation whatever its score, and names the veto in the explanation', () => {
    const scored = scoreOrganization(input('t', 98, { vetoes: { publicOrder: { reason: '重大群体性事件', eventId: 'v1' } } }), DEFAULT_SCHEME);
    expect(scored).toMatchObject({ score: 98, vetoed: true, tier: 'failed' });
    expect(scored.components.at(-1)).toMatchObject({ kind: 'veto', key: 'publicOrder', points: 0, eventIds: ['v1'] });
  });

  it('takes deductions off per occurrence, capped, and never below zero', () => {
    const record = noRecord();
    record.deductions.warning = { count: 3, eventIds: ['w1', 'w2', 'w3'] };
    const scored = scoreOrganization(input('t', 80, record), DEFAULT_SCHEME);
    expect(scored.score).toBe(74);
    expect(scored.components.find((c) => c.kind === 'deduction')).toMatchObject({ key: 'warning', points: -6, eventIds: ['w1', 'w2', 'w3'] });
    const many = noRecord();
    many.deductions.escalation = { count: 10, eventIds: [] };
    const capped = scoreOrganization(input('t', 80, many), DEFAULT_SCHEME);
    expect(capped.score).toBe(60);
    expect(capped.components.find((c) => c.key === 'deductionCap')).toMatchObject({ kind: 'adjustment', points: 10 });
    const floor = scoreOrganization(input('t', 10, many), DEFAULT_SCHEME);
    expect(floor.score).toBe(0);
  });

  it('indicators: a rate of what fell due; nothing due gives the full weight', () => {
    const scheme: AssessmentScheme = { ...DEFAULT_SCHEME, composition: { evaluation: 70, items: 0, indicators: 30 } };
    const record = noRecord();
    record.indicators.reportTimeliness = { onTime: 3, due: 4, eventIds: ['r'] };
    const scored = scoreOrganization(input('t', 80, record), scheme);
    // 80 × 70 % = 56; reports 3/4 × 40 % × 30 % = 9; rectification and pledges: nothing due, full 12 + 6.
    expect(scored.score).toBe(83);
    expect(scored.components.find((c) => c.key === 'reportTimeliness')).toMatchObject({ points: 9, inputs: { onTime: 3, due: 4, rate: 75 } });
  });

  it('stars from the share of the indices reached', () => {
    const at = (score: number) => ({ indices: Object.fromEntries(DEFAULT_SCHEME.stars.indices.map((i) => [i.key, { score, eventId: null }])) });
    expect(starsOf(at(95), DEFAULT_SCHEME)).toBe(5);
    expect(starsOf(at(85), DEFAULT_SCHEME)).toBe(4);
    expect(starsOf(at(59), DEFAULT_SCHEME)).toBe(1);
    expect(starsOf({ indices: {} }, DEFAULT_SCHEME)).toBeNull();
  });

  it('ranks like with like: ties share a rank (1, 2, 2, 4), vetoed last, per category', () => {
    const scored = [
      input('a', 95),
      input('b', 92),
      input('c', 92),
      input('d', 88),
      input('v', 99, { vetoes: { economy: { reason: 'x', eventId: null } } }),
      input('x', 70, { category: '二类' }),
    ].map((i) => scoreOrganization(i, DEFAULT_SCHEME));
    const rows = rankOrganizations(scored, DEFAULT_SCHEME);
    expect(rows.map((r) => [r.category, r.orgId, r.rank])).toEqual([
      ['一类', 'a', 1],
      ['一类', 'b', 2],
      ['一类', 'c', 2],
      ['一类', 'd', 4],
      ['一类', 'v', 5],
      ['二类', 'x', 1],
    ]);
    expect(bottomOfEachCategory(rows).map((r) => r.orgId)).toEqual(['v', 'x']);
  });

  it('attainment rate to one decimal: 14 of 15 → 93.3, 148 of 171 → 86.5, none → null', () => {
    const tiers = (attained: number, total: number) => Array.from({ length: total }, (_, i) => ({ tier: (i < attained ? 'standard' : 'failed') as Tier }));
    expect(summarize(tiers(14, 15)).attainmentRate).toBe(93.3);
    expect(summarize(tiers(148, 171)).attainmentRate).toBe(86.5);
    expect(summarize([]).attainmentRate).toBeNull();
  });

  it('rounds the composite once: five parts of 17.998 make 89.99 (达标), not five half-ups to 90.00 (先进)', () => {
    const scheme: AssessmentScheme = {
      ...DEFAULT_SCHEME,
      groups: GROUPS.map((key) => ({ key, label: key, weight: 20 })),
      composition: { evaluation: 100, items: 0, indicators: 0 },
    };
    const scored = scoreOrganization(input('t', 89.99), scheme);
    expect(scored).toMatchObject({ score: 89.99, tier: 'standard' });
    expect(scored.components.map((c) => c.points)).toEqual([18, 18, 18, 18, 17.99]);
  });

  it('apportions by the largest remainders, the parts adding up to the exact sum rounded half up', () => {
    expect(apportion([])).toEqual([]);
    // 1/3 + 1/3 + 1/3 = 1: two floors of 0, one part takes the hundredth.
    expect(apportion([{ num: 1, den: 3 }, { num: 1, den: 3 }, { num: 1, den: 3 }])).toEqual([1, 0, 0]);
    // 0.5 + 0.25 = 0.75 → 1, to the larger remainder.
    expect(apportion([{ num: 1, den: 4 }, { num: 1, den: 2 }])).toEqual([0, 1]);
    // 2.4 + 3.4 = 5.8 → 6: the floors 2 + 3 and one more.
    expect(apportion([{ num: 12, den: 5 }, { num: 17, den: 5 }])).toEqual([3, 3]);
    // Denominators whose product passes 2^53 still add up exactly.
    const big = [9_999_991, 9_999_973, 9_999_971, 9_999_937].map((den) => ({ num: den * 7 + 3, den }));
    expect(apportion(big).reduce((a, b) => a + b, 0)).toBe(28);
  });

  it('rounds half up', () => {
    expect(roundDiv(5, 2)).toBe(3);
    expect(roundDiv(4, 3)).toBe(1);
    expect(roundDiv(5, 3)).toBe(2);
  });
});

/** mulberry32: a seeded generator, so a failing case can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` non-negative integers adding up to `total`. */
function split(next: () => number, n: number, total: number): number[] {
  const cuts = Array.from({ length: n - 1 }, () => Math.floor(next() * (total + 1))).sort((a, b) => a - b);
  return [...cuts, total].map((cut, i) => cut - (i === 0 ? 0 : cuts[i - 1]!));
}

describe('property: the explanation of any row adds up to its score, over random schemes', () => {
  it('holds for 500 random schemes and inputs', () => {
    const next = generator(20261205);
    const two = (max: number) => Math.round(next() * max * 100) / 100;
    for (let run = 0; run < 500; run++) {
      const groupCount = 1 + Math.floor(next() * 6);
      const groups = split(next, groupCount, 100).map((weight, i) => ({ key: `g${i}`, label: `组${i}`, weight }));
      const items = Array.from({ length: Math.floor(next() * 4) }, (_, i) => ({ key: `i${i}`, label: `项${i}`, max: Math.max(0.01, two(30)) }));
      const [evaluation, itemShare, indicatorShare] = split(next, 3, 100) as [number, number, number];
      const composition = { evaluation: evaluation + (items.length === 0 ? itemShare : 0), items: items.length === 0 ? 0 : itemShare, indicators: indicatorShare };
      const [a, b, c] = split(next, 3, 100) as [number, number, number];
      const scheme: AssessmentScheme = {
        ...DEFAULT_SCHEME,
        version: `random-${run}`,
        groups,
        items,
        composition,
        indicators: { reportTimeliness: a, rectificationOnTime: b, pledgeFulfilment: c },
        deductions: { warning: two(5), escalation: two(5), reportLate: two(3), reportMissed: two(3), max: two(40) },
      };
      expect(schemeProblems(scheme)).toEqual([]);
      const record = noRecord();
      for (const key of INDICATOR_KEYS) {
        const due = Math.floor(next() * 12);
        record.indicators[key] = { due, onTime: Math.floor(next() * (due + 1)), eventIds: [] };
      }
      for (const key of DEDUCTION_KEYS) record.deductions[key] = { count: Math.floor(next() * 5), eventIds: [] };
      const org: ScoringInput = {
        orgId: `o${run}`,
        orgName: 'o',
        orgKind: 'village',
        category: '一类',
        groups: Object.fromEntries(groups.filter(() => next() < 0.9).map((g) => [g.key, { score: two(100), evaluators: 5, eventId: null }])),
        items: Object.fromEntries(items.filter(() => next() < 0.8).map((x) => [x.key, { score: two(x.max), evidence: '台账', eventId: null }])),
        indices: {},
        vetoes: next() < 0.1 ? { economy: { reason: 'x', eventId: null } } : {},
        ...record,
      };
      const scored = scoreOrganization(org, scheme);
      const sum = scored.components.reduce((s, c) => s + hundredths(c.points), 0);
      expect({ run, sum }).toEqual({ run, sum: hundredths(scored.score) });
      expect(scored.score).toBeGreaterThanOrEqual(0);
      expect(scored.score).toBeLessThanOrEqual(100);
      for (const c of scored.components) expect(Math.abs(hundredths(c.points) - c.points * 100)).toBeLessThan(1e-6);
    }
  });
});

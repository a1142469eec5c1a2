import { DEDUCTION_KEYS, DEFAULT_SCHEME, INDICATOR_KEYS } from '../domain/scheme.js';
import type { ScoringInput } from '../domain/scoring.js';

const perKey = <K extends string, V>(keys: readonly K[], value: () => V): Record<K, V> => Object.fromEntries(keys.map((k) => [k, value()])) as Record<K, V>;

/** An organisation's record with nothing due and nothing deducted. */
export const noRecord = (): Pick<ScoringInput, 'indicators' | 'deductions'> => ({
  indicators: perKey(INDICATOR_KEYS, () => ({ onTime: 0, due: 0, eventIds: [] as string[] })),
  deductions: perKey(DEDUCTION_KEYS, () => ({ count: 0, eventIds: [] as string[] })),
});

/** A township of category 一类 whose 五评 groups gave `scores` (one number: every group the same). */
export function scoringInput(orgId: string, scores: number[] | number, extra: Partial<ScoringInput> = {}): ScoringInput {
  const groups = DEFAULT_SCHEME.groups.map((g) => g.key);
  const list = Array.isArray(scores) ? scores : groups.map(() => scores);
  return {
    orgId,
    orgName: orgId,
    orgKind: 'township',
    category: '一类',
    groups: Object.fromEntries(groups.map((g, i) => [g, { score: list[i]!, evaluators: 10, eventId: `e-${orgId}` }])),
    items: {},
    indices: {},
    vetoes: {},
    ...noRecord(),
    ...extra,
  };
}

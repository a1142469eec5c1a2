import { ConfigError } from '@app/kernel';

/**
 * An assessment scheme (考核方案): versioned configuration, not code. Every weight is an integer
 * percentage and every score has at most two decimals, so the arithmetic runs in integers
 * (hundredths of a point) and never drifts (see scoring.ts).
 *
 * The composite of an organisation is, in points out of 100:
 *   evaluation (五评: each group's average score × the group's weight)   × composition.evaluation %
 * + quantified items (量化赋分: points / maxima)                           × composition.items %
 * + automatic indicators (rates from the events the system holds)        × composition.indicators %
 * − deductions (黄牌警告, escalations, late or missed reports), capped
 * A veto (一票否决) fails the organisation whatever its score.
 */
export interface EvaluatorGroup {
  key: string;
  label: string;
  /** Share of the evaluation, in percent; the groups add up to 100. */
  weight: number;
}

export interface QuantifiedItem {
  key: string;
  label: string;
  /** The most points the item can give (two decimals at most). */
  max: number;
}

export interface VetoItem {
  key: string;
  label: string;
}

export const INDICATOR_KEYS = ['reportTimeliness', 'rectificationOnTime', 'pledgeFulfilment'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  reportTimeliness: '报告按时报送率',
  rectificationOnTime: '督办事项按期办结率',
  pledgeFulfilment: '承诺事项兑现率',
};

export const DEDUCTION_KEYS = ['warning', 'escalation', 'reportLate', 'reportMissed'] as const;
export type DeductionKey = (typeof DEDUCTION_KEYS)[number];
export const DEDUCTION_LABELS: Record<DeductionKey, string> = {
  warning: '黄牌警告',
  escalation: '提级督办',
  reportLate: '报告迟报',
  reportMissed: '报告逾期未报',
};

export interface StarIndex {
  key: string;
  label: string;
  max: number;
}

export interface AssessmentScheme {
  version: string;
  groups: EvaluatorGroup[];
  items: QuantifiedItem[];
  vetoes: VetoItem[];
  /** Shares of the composite in percent (evaluation + items + indicators = 100). */
  composition: { evaluation: number; items: number; indicators: number };
  /** Shares of the indicator part in percent (adding up to 100 when the part has any weight). */
  indicators: Record<IndicatorKey, number>;
  /** Points taken off per occurrence, and the most all deductions together may take. */
  deductions: Record<DeductionKey, number> & { max: number };
  /** 两档制: the lowest composite of each tier. */
  tiers: { advanced: number; standard: number };
  /** 一类 / 二类 / 三类: organisations are ranked against their own category. */
  categories: string[];
  /** 星级评定: indices scored by the supervisor, and the percentage of their total each star needs. */
  stars: { indices: StarIndex[]; thresholds: Array<{ stars: number; min: number }> };
  /** 命名授牌: the plaque an organisation of this kind holds while it is 先进 (absent: none). */
  plaques: Partial<Record<'county' | 'township' | 'village' | 'organ' | 'enterprise', string>>;
}

/** The defaults come from the sources: 五评 (000), 三个一票否决 and 两档制 (001), 星级评定 (002). */
export const DEFAULT_SCHEME: AssessmentScheme = Object.freeze({
  version: '2026.1',
  groups: [
    { key: 'masses', label: '群众评', weight: 30 },
    { key: 'members', label: '党员评', weight: 20 },
    { key: 'peers', label: '干部互评', weight: 10 },
    { key: 'deputies', label: '代表委员评', weight: 15 },
    { key: 'superiors', label: '上级评', weight: 25 },
  ],
  items: [],
  vetoes: [
    { key: 'economy', label: '经济建设' },
    { key: 'familyPlanning', label: '计划生育' },
    { key: 'publicOrder', label: '社会治安' },
  ],
  composition: { evaluation: 100, items: 0, indicators: 0 },
  indicators: { reportTimeliness: 40, rectificationOnTime: 40, pledgeFulfilment: 20 },
  deductions: { warning: 2, escalation: 3, reportLate: 1, reportMissed: 2, max: 20 },
  tiers: { advanced: 90, standard: 75 },
  categories: ['一类', '二类', '三类'],
  stars: {
    indices: [
      { key: 'cooperationTrust', label: '合作信用指数', max: 100 },
      { key: 'memberManagement', label: '党员管理指数', max: 100 },
      { key: 'economicGrowth', label: '经济增长指数', max: 100 },
      { key: 'massSatisfaction', label: '群众满意指数', max: 100 },
    ],
    thresholds: [
      { stars: 5, min: 90 },
      { stars: 4, min: 80 },
      { stars: 3, min: 70 },
      { stars: 2, min: 60 },
      { stars: 1, min: 0 },
    ],
  },
  plaques: { township: '“六个好”乡镇党委', village: '“五个好”村党支部', organ: '先进基层党组织', enterprise: '先进基层党组织' },
}) as AssessmentScheme;

const KEY = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** Two decimals at most, as every score and maximum is stored (hundredths are integers). */
export function hasTwoDecimalsAtMost(value: number): boolean {
  return Number.isFinite(value) && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/**
 * Checks a scheme and names the first field that is wrong (`groups[2].weight: ...`), so a bad
 * ASSESSMENT_SCHEME stops the start with a message that says what to fix.
 */
export function schemeProblems(scheme: AssessmentScheme): string[] {
  const problems: string[] = [];
  const percent = (field: string, value: unknown) => {
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 100) problems.push(`${field} must be an integer from 0 to 100`);
  };
  const keyed = (field: string, list: unknown, extra: (entry: Record<string, unknown>, at: string) => void) => {
    if (!Array.isArray(list)) {
      problems.push(`${field} must be an array`);
      return;
    }
    const seen = new Set<string>();
    list.forEach((entry: Record<string, unknown>, i) => {
      const at = `${field}[${i}]`;
      if (typeof entry?.key !== 'string' || !KEY.test(entry.key)) problems.push(`${at}.key must be a short identifier (letters, digits, - or _)`);
      else if (seen.has(entry.key)) problems.push(`${at}.key "${entry.key}" is used twice`);
      else seen.add(entry.key);
      if (typeof entry?.label !== 'string' || entry.label.trim() === '') problems.push(`${at}.label must be a non-empty text`);
      extra(entry ?? {}, at);
    });
  };
  if (typeof scheme.version !== 'string' || scheme.version.trim() === '') problems.push('version must be a non-empty text');
  keyed('groups', scheme.groups, (g, at) => percent(`${at}.weight`, g.weight));
  if (Array.isArray(scheme.groups) && scheme.groups.length === 0) problems.push('groups must name at least one evaluator group');
  if (Array.isArray(scheme.groups) && scheme.groups.every((g) => Number.isInteger(g.weight))) {
    const sum = scheme.groups.reduce((s, g) => s + g.weight, 0);
    if (sum !== 100) problems.push(`groups: the weights must add up to 100 (they add up to ${sum})`);
  }
  keyed('items', scheme.items, (item, at) => {
    if (typeof item.max !== 'number' || item.max <= 0 || !hasTwoDecimalsAtMost(item.max)) problems.push(`${at}.max must be a positive number with at most two decimals`);
  });
  keyed('vetoes', scheme.vetoes, () => undefined);
  const c = scheme.composition ?? ({} as AssessmentScheme['composition']);
  percent('composition.evaluation', c.evaluation);
  percent('composition.items', c.items);
  percent('composition.indicators', c.indicators);
  if ([c.evaluation, c.items, c.indicators].every(Number.isInteger) && c.evaluation + c.items + c.indicators !== 100) {
    problems.push('composition: evaluation + items + indicators must add up to 100');
  }
  if (Number.isInteger(c.items) && c.items > 0 && Array.isArray(scheme.items) && scheme.items.length === 0) {
    problems.push('composition.items: gives weight to quantified items but the scheme names none');
  }
  const ind = scheme.indicators ?? ({} as AssessmentScheme['indicators']);
  for (const key of INDICATOR_KEYS) percent(`indicators.${key}`, ind[key]);
  if (Number.isInteger(c.indicators) && c.indicators > 0 && INDICATOR_KEYS.every((k) => Number.isInteger(ind[k]))) {
    const sum = INDICATOR_KEYS.reduce((s, k) => s + ind[k], 0);
    if (sum !== 100) problems.push(`indicators: the weights must add up to 100 (they add up to ${sum})`);
  }
  const d = scheme.deductions ?? ({} as AssessmentScheme['deductions']);
  for (const key of [...DEDUCTION_KEYS, 'max'] as const) {
    const value = d[key];
    if (typeof value !== 'number' || value < 0 || value > 100 || !hasTwoDecimalsAtMost(value)) problems.push(`deductions.${key} must be a number from 0 to 100 with at most two decimals`);
  }
  const t = scheme.tiers ?? ({} as AssessmentScheme['tiers']);
  for (const key of ['advanced', 'standard'] as const) {
    if (typeof t[key] !== 'number' || t[key] < 0 || t[key] > 100 || !hasTwoDecimalsAtMost(t[key])) problems.push(`tiers.${key} must be a number from 0 to 100`);
  }
  if (typeof t.advanced === 'number' && typeof t.standard === 'number' && t.advanced < t.standard) problems.push('tiers.advanced must not be below tiers.standard');
  if (!Array.isArray(scheme.categories) || scheme.categories.length === 0 || scheme.categories.some((x) => typeof x !== 'string' || x.trim() === '')) {
    problems.push('categories must be a non-empty list of names');
  }
  const stars = scheme.stars ?? ({} as AssessmentScheme['stars']);
  keyed('stars.indices', stars.indices, (index, at) => {
    if (typeof index.max !== 'number' || index.max <= 0 || !hasTwoDecimalsAtMost(index.max)) problems.push(`${at}.max must be a positive number`);
  });
  if (!Array.isArray(stars.thresholds)) problems.push('stars.thresholds must be an array');
  else
    stars.thresholds.forEach((th, i) => {
      if (!Number.isInteger(th?.stars) || th.stars < 1 || th.stars > 5) problems.push(`stars.thresholds[${i}].stars must be 1 to 5`);
      if (typeof th?.min !== 'number' || th.min < 0 || th.min > 100) problems.push(`stars.thresholds[${i}].min must be a percentage from 0 to 100`);
    });
  if (scheme.plaques === null || typeof scheme.plaques !== 'object') problems.push('plaques must be an object of organisation kind → plaque name');
  return problems;
}

/**
 * A scheme from its JSON text: fields left out keep the defaults (a whole list is replaced, not
 * merged). A bad value throws a ConfigError naming the field.
 */
export function schemeFromJson(text: string, origin = 'ASSESSMENT_SCHEME'): AssessmentScheme {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(origin, `is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(origin, 'must be a JSON object');
  const known = new Set(Object.keys(DEFAULT_SCHEME));
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new ConfigError(origin, `unknown field ${unknown[0]} (known: ${[...known].join(', ')})`);
  const scheme = { ...DEFAULT_SCHEME, ...(parsed as Partial<AssessmentScheme>) } as AssessmentScheme;
  const problems = schemeProblems(scheme);
  if (problems.length > 0) throw new ConfigError(origin, problems[0]!);
  return scheme;
}

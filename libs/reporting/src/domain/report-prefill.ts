/**
 * 一表通 / 最多报一次 ("one form, report at most once"): a new draft starts from the previous
 * period's figures and from what the system already knows, so nobody types a number twice.
 * Pure: the handler gathers the facts (from read models) and passes them in.
 */

/** The narrative sections a report form shows (DESIGN §6); clients may add their own. */
export const REPORT_SECTIONS = ['organisationBuilding', 'memberManagement', 'threeMeetingsOneLesson', 'massWork', 'problemsAndPlans'] as const;

/** The structured figures a report form shows; `amount` allows 2 decimals, `count` is whole. */
export const REPORT_FIGURES = {
  membersDeveloped: 'count', // 发展党员
  activistsTrained: 'count', // 培养入党积极分子
  trainingSessions: 'count', // 培训期数
  trainingAttendance: 'count', // 参训人次
  meetingsHeld: 'count', // 三会一课 meetings
  householdsVisited: 'count', // 走访群众户数
  opinionsCollected: 'count', // 收集意见建议
  opinionsResolved: 'count', // 解决意见建议
  fundsInvested: 'amount', // 投入经费 (yuan)
  noticesIssued: 'count',
  noticesClosed: 'count',
  noticesClosedOnTime: 'count',
  pledgesFulfilled: 'count',
} as const satisfies Record<string, 'count' | 'amount'>;

/** What the system knows about the organisation in the period (counted by projections). */
export interface KnownFacts {
  /** Supervision notices received in the period. */
  noticesIssued: number;
  noticesClosed: number;
  /** Closed by their original due time (按期办结). */
  noticesClosedOnTime: number;
  /** Pledge items fulfilled in the period (any pledge of the organisation). */
  pledgesFulfilled?: number;
}

export interface PrefilledDraft {
  sections: Record<string, string>;
  figures: Record<string, number>;
  /** Names of the figures filled in for the user (to be confirmed, and recorded on save). */
  prefilled: string[];
  /** Where each prefilled figure came from. */
  sources: Record<string, 'previous_period' | 'system'>;
}

const SYSTEM_FIGURES = ['noticesIssued', 'noticesClosed', 'noticesClosedOnTime', 'pledgesFulfilled'] as const;

export function prefillDraft(previousFigures: Record<string, number> | null | undefined, known: KnownFacts): PrefilledDraft {
  const figures: Record<string, number> = {};
  const sources: PrefilledDraft['sources'] = {};
  for (const [name, value] of Object.entries(previousFigures ?? {})) {
    // The system's counts are per period: last period's values would be wrong, not just stale.
    if ((SYSTEM_FIGURES as readonly string[]).includes(name)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) continue;
    figures[name] = value;
    sources[name] = 'previous_period';
  }
  for (const name of SYSTEM_FIGURES) {
    const value = known[name];
    if (value === undefined) continue;
    figures[name] = value;
    sources[name] = 'system';
  }
  const sections = Object.fromEntries(REPORT_SECTIONS.map((name) => [name, '']));
  return { sections, figures, prefilled: Object.keys(figures), sources };
}

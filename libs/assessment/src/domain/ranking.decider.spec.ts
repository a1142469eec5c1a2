import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import { RANKING_ERRORS as E, publishedBottom, rankingConversationId, rankingDecider, rankingStream, type PublishRanking, type RankingEvent, type RankingPublished } from './ranking.decider.js';
import { scoringInput } from '../testing/scoring-input.js';
import { DEFAULT_SCHEME } from './scheme.js';
import { rankOrganizations, scoreOrganization, type RankedRow, type ScoringInput } from './scoring.js';

const spec = deciderSpec(rankingDecider);
const COUNTY = 'county';
const PERIOD = '2026';
const NOW = new Date('2027-01-20T02:00:00.000Z');
const supervisor = { userId: 'u-sup', orgId: COUNTY };
const PLAQUE = DEFAULT_SCHEME.plaques.township!;

const org = scoringInput;
const rank = (...orgs: ScoringInput[]): RankedRow[] => rankOrganizations(orgs.map((o) => scoreOrganization(o, DEFAULT_SCHEME)), DEFAULT_SCHEME);
/** Five townships: a 95, b and c tied at 91, d 80, e 70 (failed, the bottom). */
const FIVE = () => rank(org('a', 95), org('b', 91), org('c', 91), org('d', 80), org('e', 70));

const publish = (rows: RankedRow[], over: Partial<PublishRanking> = {}): PublishRanking => ({
  type: 'PublishRanking',
  supervisorOrgId: COUNTY,
  period: PERIOD,
  actor: supervisor,
  now: NOW,
  scheme: DEFAULT_SCHEME,
  rows,
  standings: {},
  previousBottom: null,
  ...over,
});
const publishedOf = (given: RankingEvent[], command: PublishRanking): RankingPublished => {
  const events = spec.given(given).when(command).thenEvents();
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('ranking decider', () => {
  it('names its stream ranking-<supervisorOrgId>-<period>', () => {
    expect(rankingStream(COUNTY, '2026')).toBe('ranking-county-2026');
  });

  it('only the supervising organisation publishes, and only a ranking with rows', () => {
    spec.given().when(publish(FIVE(), { actor: { userId: 'u-x', orgId: 'twp-a' } })).thenFails(E.NOT_SUPERVISOR, 'forbidden');
    spec.given().when(publish([])).thenFails(E.NOTHING_TO_PUBLISH, 'conflict');
  });

  it('version 1 freezes the rows and the summary, and sets off every consequence once', () => {
    const published = publishedOf([], publish(FIVE(), { standings: { d: { plaques: [PLAQUE], backward: false } } }));
    expect(published.data).toMatchObject({ version: 1, period: PERIOD, schemeVersion: '2026.1', changes: [], reason: null, publishedBy: 'u-sup', at: NOW.toISOString() });
    expect(published.data.rows.map((r) => [r.orgId, r.rank, r.tier])).toEqual([
      ['a', 1, 'advanced'],
      ['b', 2, 'advanced'],
      ['c', 2, 'advanced'],
      ['d', 4, 'standard'],
      ['e', 5, 'failed'],
    ]);
    expect(published.data.summary).toMatchObject({ total: 5, advanced: 3, standard: 1, failed: 1, attainmentRate: 80 });
    expect(published.data.consequences).toEqual({
      // 表彰 the top three places (ties share the place).
      commend: [
        { orgId: 'a', rank: 1 },
        { orgId: 'b', rank: 2 },
        { orgId: 'c', rank: 2 },
      ],
      conversations: [{ orgId: 'e', conversationId: rankingConversationId(COUNTY, PERIOD, 'e'), rank: 5 }],
      secretaryAdjustments: [],
      plaquesAwarded: ['a', 'b', 'c'].map((orgId) => ({ orgId, plaque: PLAQUE })),
      // d held the plaque and is no longer 先进: 摘牌.
      plaquesRevoked: [{ orgId: 'd', plaque: PLAQUE }],
      designatedBackward: [{ orgId: 'e' }],
      restored: [],
    });
  });

  it('a vetoed organisation is last and failed, and is the one admonished', () => {
    const rows = rank(org('a', 95), org('v', 98, { vetoes: { publicOrder: { reason: '群体性事件', eventId: 'v1' } } }), org('b', 85), org('c', 80), org('d', 79));
    const published = publishedOf([], publish(rows));
    expect(published.data.rows.at(-1)).toMatchObject({ orgId: 'v', rank: 5, tier: 'failed', vetoed: true, score: 98 });
    expect(published.data.consequences.conversations.map((c) => c.orgId)).toEqual(['v']);
    expect(published.data.consequences.commend.map((c) => c.orgId)).toEqual(['a', 'b', 'c']);
  });

  it('a small category whose bottom is in the top three and not failed admonishes nobody', () => {
    const published = publishedOf([], publish(rank(org('a', 95), org('b', 85), org('c', 80))));
    expect(published.data.consequences.conversations).toEqual([]);
    expect(published.data.consequences.designatedBackward).toEqual([]);
  });

  it('publishing what is published appends nothing (a retry, a second click)', () => {
    const first = publishedOf([], publish(FIVE()));
    spec.given([first]).when(publish(FIVE())).thenNothing();
  });

  it('a correction publishes version n+1 with its difference and reason, and repeats no consequence', () => {
    const first = publishedOf([], publish(FIVE()));
    const corrected = rank(org('a', 95), org('b', 91), org('c', 92), org('d', 80), org('e', 70));
    const second = publishedOf([first], publish(corrected, { reason: 'c 的上级评分复核', standings: { e: { plaques: [], backward: true } } }));
    expect(second.data).toMatchObject({ version: 2, reason: 'c 的上级评分复核' });
    expect(second.data.changes).toEqual([
      { orgId: 'b', before: { rank: 2, score: 91, tier: 'advanced', vetoed: false }, after: { rank: 3, score: 91, tier: 'advanced', vetoed: false } },
      { orgId: 'c', before: { rank: 2, score: 91, tier: 'advanced', vetoed: false }, after: { rank: 2, score: 92, tier: 'advanced', vetoed: false } },
    ]);
    expect(second.data.consequences).toMatchObject({ commend: [], conversations: [], designatedBackward: [] });
    expect(spec.given([first, second]).state).toMatchObject({ versions: 2, commended: ['a', 'b', 'c'], conversationsWith: ['e'] });
  });

  it('a secretary bottom in two consecutive years is recommended for adjustment (予以调整)', () => {
    const published = publishedOf([], publish(FIVE(), { previousBottom: { period: '2025', orgIds: ['e'] } }));
    expect(published.data.consequences.secretaryAdjustments).toEqual([{ orgId: 'e', previousPeriod: '2025' }]);
    const another = publishedOf([], publish(FIVE(), { previousBottom: { period: '2025', orgIds: ['d'] } }));
    expect(another.data.consequences.secretaryAdjustments).toEqual([]);
  });

  it('a backward organisation that is no longer bottom and not failed is restored', () => {
    const published = publishedOf([], publish(FIVE(), { standings: { d: { plaques: [], backward: true }, e: { plaques: [], backward: true } } }));
    expect(published.data.consequences.restored).toEqual([{ orgId: 'd' }]);
    expect(published.data.consequences.designatedBackward).toEqual([]);
  });

  it('the bottom of a published version is the last row of each category', () => {
    const rows = rank(org('a', 95), org('b', 80), org('x', 70, { category: '二类' }), org('y', 60, { category: '二类' }));
    expect(publishedBottom(publishedOf([], publish(rows)).data.rows)).toEqual(['b', 'y']);
  });
});

import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import { ASSESSMENT_ERRORS as E, assessmentDecider, assessmentStream, sourcesOf, type AssessmentCommand, type AssessmentEvent } from './assessment.decider.js';
import { DEFAULT_SCHEME, type AssessmentScheme } from './scheme.js';

const spec = deciderSpec(assessmentDecider);

const COUNTY = 'county';
const TOWNSHIP = 'twp-liuji';
const PERIOD = '2026';
const supervisor = { userId: 'u-sup', orgId: COUNTY };
const NOW = new Date('2027-01-10T02:00:00.000Z');
const scheme: AssessmentScheme = {
  ...DEFAULT_SCHEME,
  items: [{ key: 'ledger', label: '台账资料', max: 10 }],
  composition: { evaluation: 90, items: 10, indicators: 0 },
};
const FIVE = [
  { group: 'masses', score: 80, evaluators: 120 },
  { group: 'members', score: 90, evaluators: 35 },
  { group: 'peers', score: 70, evaluators: 12 },
  { group: 'deputies', score: 85, evaluators: 9 },
  { group: 'superiors', score: 95, evaluators: 5 },
];

const base = { orgId: TOWNSHIP, period: PERIOD, supervisorOrgId: COUNTY, actor: supervisor, now: NOW, scheme };
const scores = (over: Partial<Extract<AssessmentCommand, { type: 'RecordAssessmentScores' }>> = {}): AssessmentCommand => ({
  ...base,
  type: 'RecordAssessmentScores',
  groups: FIVE,
  ...over,
});
const veto = (over: Partial<Extract<AssessmentCommand, { type: 'RecordVeto' }>> = {}): AssessmentCommand => ({
  ...base,
  type: 'RecordVeto',
  veto: 'publicOrder',
  reason: '发生重大群体性事件',
  ...over,
});
const finalize = (over: Partial<AssessmentCommand> = {}): AssessmentCommand => ({ ...base, type: 'FinalizeAssessment', ...over }) as AssessmentCommand;

const eventBase = { orgId: TOWNSHIP, period: PERIOD, supervisorOrgId: COUNTY, by: supervisor.userId, at: NOW.toISOString(), correction: null };
const recorded = (groups = FIVE, correction: string | null = null): AssessmentEvent => ({
  type: 'AssessmentScoresRecorded',
  data: { ...eventBase, correction, schemeVersion: scheme.version, groups, items: [], indices: [], category: null },
});
const vetoed: AssessmentEvent = { type: 'AssessmentVetoRecorded', data: { ...eventBase, veto: 'publicOrder', reason: '发生重大群体性事件', lifted: false } };
const finalized: AssessmentEvent = { type: 'AssessmentFinalized', data: eventBase };

describe('assessment decider', () => {
  it('names its stream assessment-<orgId>-<period>', () => {
    expect(assessmentStream(TOWNSHIP, '2026-H1')).toBe('assessment-twp-liuji-2026-H1');
  });

  describe('recording scores', () => {
    it('records the five groups with their evaluators, items with evidence, indices and the category', () => {
      spec
        .given()
        .when(scores({ items: [{ item: 'ledger', score: 8.5, evidence: '台账齐全' }], indices: [{ index: 'massSatisfaction', score: 92 }], category: '二类' }))
        .then([
          {
            type: 'AssessmentScoresRecorded',
            data: {
              ...eventBase,
              schemeVersion: '2026.1',
              groups: FIVE,
              items: [{ item: 'ledger', score: 8.5, evidence: '台账齐全' }],
              indices: [{ index: 'massSatisfaction', score: 92 }],
              category: '二类',
            },
          },
        ]);
    });

    it('a later score of a group replaces the earlier one; the others stay', () => {
      const state = spec.given([recorded(), recorded([{ group: 'masses', score: 60, evaluators: 100 }])]).state;
      expect(state).toMatchObject({ exists: true, groups: { masses: { score: 60, evaluators: 100 }, superiors: { score: 95, evaluators: 5 } } });
    });

    it.each([
      ['an unknown group', { groups: [{ group: 'friends', score: 80, evaluators: 3 }] }, 'groups[0].group'],
      ['a score above 100', { groups: [{ group: 'masses', score: 100.5, evaluators: 3 }] }, 'groups[0].score'],
      ['a negative score', { groups: [{ group: 'masses', score: -1, evaluators: 3 }] }, 'groups[0].score'],
      ['three decimals', { groups: [{ group: 'masses', score: 80.125, evaluators: 3 }] }, 'groups[0].score'],
      ['no evaluators', { groups: [{ group: 'masses', score: 80, evaluators: 0 }] }, 'groups[0].evaluators'],
      ['a group twice', { groups: [FIVE[0]!, FIVE[0]!] }, 'groups[1]'],
      ['an item above its maximum', { items: [{ item: 'ledger', score: 10.01, evidence: 'x' }] }, 'items[0].score'],
      ['an item without evidence', { items: [{ item: 'ledger', score: 5, evidence: '  ' }] }, 'items[0].evidence'],
      ['an unknown item', { items: [{ item: 'gdp', score: 5, evidence: 'x' }] }, 'items[0].item'],
      ['an unknown star index', { indices: [{ index: 'luck', score: 5 }] }, 'indices[0].index'],
      ['an unknown category', { category: '四类' }, 'category'],
      ['nothing at all', { groups: [] }, 'groups'],
    ])('refuses %s, naming the field', (_what, over, field) => {
      let thrown: unknown;
      try {
        assessmentDecider.decide(scores(over as Partial<Extract<AssessmentCommand, { type: 'RecordAssessmentScores' }>>), assessmentDecider.initialState());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: E.INVALID, kind: 'invalid' });
      expect(JSON.stringify(thrown)).toContain(field);
    });

    it('only the supervising organisation (the parent) assesses', () => {
      spec.given().when(scores({ actor: { userId: 'u-x', orgId: 'twp-other' } })).thenFails(E.NOT_SUPERVISOR, 'forbidden');
    });
  });

  describe('vetoes (一票否决)', () => {
    it('records a veto with its reason, and nothing when it stands already', () => {
      spec.given().when(veto()).then([{ type: 'AssessmentVetoRecorded', data: { ...eventBase, veto: 'publicOrder', reason: '发生重大群体性事件', lifted: false } }]);
      spec.given([vetoed]).when(veto()).thenNothing();
    });

    it('lifts a veto that stands, and lifting one that does not stand changes nothing', () => {
      expect(spec.given([vetoed]).when(veto({ lift: true, reason: '经复核不属实' })).thenEvents()).toMatchObject([{ type: 'AssessmentVetoRecorded', data: { veto: 'publicOrder', lifted: true } }]);
      spec.given().when(veto({ lift: true })).thenNothing();
      expect(spec.given([vetoed, { ...vetoed, data: { ...vetoed.data, lifted: true } }]).state).toMatchObject({ vetoes: {} });
    });

    it('refuses an unknown veto item or an empty reason', () => {
      spec.given().when(veto({ veto: 'weather' })).thenFails(E.INVALID, 'invalid');
      spec.given().when(veto({ reason: ' ' })).thenFails(E.INVALID, 'invalid');
    });
  });

  describe('finalizing', () => {
    it('needs every evaluator group scored', () => {
      spec.given([recorded(FIVE.slice(0, 4))]).when(finalize()).thenFails(E.INCOMPLETE, 'conflict');
      spec.given().when(finalize()).thenFails(E.INCOMPLETE, 'conflict');
      spec.given([recorded()]).when(finalize()).then([{ type: 'AssessmentFinalized', data: eventBase }]);
    });

    it('finalizing twice appends nothing', () => {
      spec.given([recorded(), finalized]).when(finalize()).thenNothing();
    });

    it('after finalizing, a change is refused without a correction reason and recorded as a correction with one', () => {
      spec.given([recorded(), finalized]).when(scores()).thenFails(E.FINALIZED, 'conflict');
      spec.given([recorded(), finalized]).when(veto()).thenFails(E.FINALIZED, 'conflict');
      expect(
        spec
          .given([recorded(), finalized])
          .when(scores({ groups: [{ group: 'masses', score: 82, evaluators: 120 }], correctionReason: '群众评议票数复核' }))
          .thenEvents(),
      ).toMatchObject([{ type: 'AssessmentScoresRecorded', data: { correction: '群众评议票数复核', groups: [{ group: 'masses', score: 82, evaluators: 120 }] } }]);
      spec.given([recorded(), finalized]).when(scores({ correctionReason: '' })).thenFails(E.INVALID, 'invalid');
    });

    it('counts corrections and keeps the assessment finalized', () => {
      const state = spec.given([recorded(), finalized, recorded([{ group: 'masses', score: 82, evaluators: 120 }], '复核')]).state;
      expect(state).toMatchObject({ finalized: true, corrections: 1, groups: { masses: { score: 82 } } });
    });
  });

  it('tells which component each event set, for the explanation', () => {
    expect(sourcesOf(recorded(FIVE.slice(0, 2)))).toEqual(['group:masses', 'group:members']);
    expect(sourcesOf(vetoed)).toEqual(['veto:publicOrder']);
    expect(sourcesOf(finalized)).toEqual(['finalized']);
  });
});

import { fold, type LadderEventData } from '@app/kernel';
import { deciderSpec } from '../../../kernel/src/testing/decider-spec.js';
import type { PledgeCommand } from './pledge.commands.js';

type Actor = PledgeCommand['actor'];
import { pledgeDecider, pledgeStream, PLEDGE_ERRORS as E, type Pledge } from './pledge.decider.js';
import type { PledgeEvent } from './pledge.events.js';

const spec = deciderSpec(pledgeDecider);

const COUNTY = 'county';
const TOWNSHIP = 'twp-liuji';
const supervisor: Actor = { userId: 'u-supervisor', orgId: COUNTY };
const clerk: Actor = { userId: 'u-clerk', orgId: TOWNSHIP };
const pledgeId = 'p-1';
const DRAFTED_AT = '2026-01-05T02:00:00.000Z';
const NOW = new Date('2026-02-01T02:00:00.000Z');
const DUE_1 = '2026-06-30T10:00:00.000Z';
const DUE_2 = '2026-12-31T10:00:00.000Z';
const parties = { targetOrgId: TOWNSHIP, supervisorOrgId: COUNTY };

// ------------------------------------------------------------ given events

const drafted: PledgeEvent = {
  type: 'PledgeDrafted',
  data: {
    pledgeId,
    kind: 'responsibility',
    title: '2026年度基层党建工作责任书',
    term: '2026',
    ...parties,
    pledgedBy: null,
    draftedBy: supervisor.userId,
    items: [
      { id: '1', content: '年底前完成支部标准化建设', weight: 60, dueAt: DUE_2 },
      { id: '2', content: '上半年发展党员2名', weight: 40, dueAt: DUE_1 },
    ],
    at: DRAFTED_AT,
  },
};
const publicDrafted: PledgeEvent = {
  type: 'PledgeDrafted',
  data: {
    pledgeId,
    kind: 'public',
    title: '党员公开承诺',
    term: '2026',
    ...parties,
    pledgedBy: '张三',
    draftedBy: clerk.userId,
    items: [{ id: '1', content: '每月走访群众10户', weight: null, dueAt: DUE_1 }],
    at: DRAFTED_AT,
  },
};
const signed = (side: 'supervisor' | 'target', at = '2026-01-10T02:00:00.000Z'): PledgeEvent => ({
  type: 'PledgeSigned',
  data: { ...parties, side, signedBy: side === 'target' ? clerk.userId : supervisor.userId, at },
});
const published: PledgeEvent = { type: 'PledgePublished', data: { ...parties, at: '2026-01-10T02:00:00.000Z' } };
const fulfilled = (itemId: string, at = '2026-05-01T02:00:00.000Z'): PledgeEvent => ({
  type: 'PledgeItemFulfilled',
  data: { ...parties, itemId, evidence: '发展党员会议记录', by: clerk.userId, at },
});
const completed: PledgeEvent = { type: 'PledgeCompleted', data: { ...parties, at: '2026-11-01T02:00:00.000Z' } };
const ladder = (type: 'ReminderSent' | 'DeadlineMissed' | 'WarningIssued' | 'EscalatedToLeadership', deadlineVersion = 1): PledgeEvent => {
  const data: LadderEventData = { kind: 'pledge', subjectId: pledgeId, deadlineVersion, dueAt: DUE_1, ...parties, remindBeforeMs: 1000 };
  return { type, data };
};

const whenActive = [drafted, signed('target'), signed('supervisor')];
const whenPublished = [publicDrafted, signed('target'), published];
const whenCompleted = [...whenActive, fulfilled('2'), fulfilled('1', '2026-11-01T02:00:00.000Z'), completed];

// ------------------------------------------------------------ commands

const base = { pledgeId, now: NOW };
const draft = (overrides: Partial<Extract<PledgeCommand, { type: 'DraftPledge' }>> = {}): PledgeCommand => ({
  ...base,
  actor: supervisor,
  type: 'DraftPledge',
  now: new Date(DRAFTED_AT),
  kind: 'responsibility',
  title: ' 2026年度基层党建工作责任书 ',
  term: '2026',
  targetOrgId: TOWNSHIP,
  supervisorOrgId: COUNTY,
  items: [
    { content: '年底前完成支部标准化建设', weight: 60, dueAt: new Date(DUE_2) },
    { content: ' 上半年发展党员2名 ', weight: 40, dueAt: new Date(DUE_1) },
  ],
  ...overrides,
});
const sign = (side: 'supervisor' | 'target', actor = side === 'target' ? clerk : supervisor): PledgeCommand => ({ ...base, actor, type: 'SignPledge', side });
const progress = (itemId = '1', note = ' 已召开专题会议 ', actor = clerk): PledgeCommand => ({ ...base, actor, type: 'ProgressPledgeItem', itemId, note });
const fulfil = (itemId = '2', evidence = '发展党员会议记录', actor = clerk): PledgeCommand => ({ ...base, actor, type: 'FulfilPledgeItem', itemId, evidence });
const inspect = (overrides: Partial<Extract<PledgeCommand, { type: 'InspectPledge' }>> = {}): PledgeCommand => ({
  ...base,
  actor: supervisor,
  type: 'InspectPledge',
  rating: 'good',
  findings: ' 进度正常 ',
  ...overrides,
});
const evaluate = (overrides: Partial<Extract<PledgeCommand, { type: 'EvaluatePledge' }>> = {}): PledgeCommand => ({
  ...base,
  actor: supervisor,
  type: 'EvaluatePledge',
  leaderComment: '完成良好',
  publicScore: 92,
  ...overrides,
});

const stateOf = (events: PledgeEvent[]) => fold(pledgeDecider, events) as Pledge;

describe('pledge decider (承诺 / 责任书)', () => {
  it('names its stream pledge-<id>', () => {
    expect(pledgeStream('abc')).toBe('pledge-abc');
  });

  describe('draft', () => {
    it('drafts a responsibility letter with numbered, weighted items', () => {
      spec.given().when(draft()).then([drafted]);
      expect(stateOf([drafted])).toMatchObject({ status: 'drafted', kind: 'responsibility', signatures: [], deadline: null, items: [{ id: '1', status: 'open' }, { id: '2', status: 'open' }] });
    });

    it('drafts a public pledge, weights optional, with who pledges', () => {
      spec.given().when(draft({ actor: clerk, kind: 'public', title: '党员公开承诺', pledgedBy: ' 张三 ', items: [{ content: '每月走访群众10户', dueAt: new Date(DUE_1) }] })).then([publicDrafted]);
    });

    it('refuses an existing id, missing fields, no items, bad weights and due times in the past', () => {
      spec.given([drafted]).when(draft()).thenFails(E.ALREADY_EXISTS, 'conflict');
      spec.given().when(draft({ title: ' ' })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ term: '' })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ kind: 'promise' as never })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ items: [] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ items: [{ content: '', weight: 1, dueAt: new Date(DUE_1) }] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ items: [{ content: '整改', dueAt: new Date(DUE_1) }] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ items: [{ content: '整改', weight: 0, dueAt: new Date(DUE_1) }] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(draft({ items: [{ content: '整改', weight: 1, dueAt: new Date('2025-01-01T00:00:00.000Z') }] })).thenFails(E.TIME_IN_PAST, 'invalid');
    });

    it('refuses a responsibility letter without a supervisor or with itself', () => {
      spec.given().when(draft({ supervisorOrgId: null })).thenFails(E.SELF_TARGET, 'invalid');
      spec.given().when(draft({ targetOrgId: COUNTY })).thenFails(E.SELF_TARGET, 'invalid');
    });
  });

  describe('sign', () => {
    it('takes both signatures in either order; the second makes the letter active and opens the deadline on the earliest item', () => {
      spec.given([drafted]).when(sign('target')).then([{ type: 'PledgeSigned', data: { ...parties, side: 'target', signedBy: clerk.userId, at: NOW.toISOString() } }]);
      spec.given([drafted]).when(sign('supervisor')).then([{ type: 'PledgeSigned', data: { ...parties, side: 'supervisor', signedBy: supervisor.userId, at: NOW.toISOString() } }]);
      expect(stateOf([drafted, signed('supervisor')])).toMatchObject({ status: 'drafted', deadline: null });
      for (const events of [whenActive, [drafted, signed('supervisor'), signed('target')]]) {
        expect(stateOf(events)).toMatchObject({ status: 'active', deadline: { kind: 'pledge', dueAt: new Date(DUE_1), status: 'open', version: 1 } });
      }
    });

    it('publishes a public pledge when the pledging organisation signs it', () => {
      spec.given([publicDrafted]).when(sign('target')).then([
        { type: 'PledgeSigned', data: { ...parties, side: 'target', signedBy: clerk.userId, at: NOW.toISOString() } },
        { type: 'PledgePublished', data: { ...parties, at: NOW.toISOString() } },
      ]);
      expect(stateOf(whenPublished)).toMatchObject({ status: 'published', deadline: { dueAt: new Date(DUE_1), status: 'open' } });
    });

    it('refuses a side signing twice and an unknown side (who signs for which side: pledge.policy.spec.ts)', () => {
      spec.given([drafted, signed('target')]).when(sign('target')).thenFails(E.ALREADY_SIGNED, 'conflict');
      spec.given(whenActive).when(sign('supervisor')).thenFails(E.ALREADY_SIGNED, 'conflict');
      spec.given([drafted]).when(sign('middle' as never)).thenFails(E.INVALID, 'invalid');
    });
  });

  describe('progress', () => {
    it('records a note on an open item of an active pledge', () => {
      spec.given(whenActive).when(progress()).then([
        { type: 'PledgeItemProgressed', data: { ...parties, itemId: '1', note: '已召开专题会议', by: clerk.userId, at: NOW.toISOString() } },
      ]);
      const state = stateOf([...whenActive, { type: 'PledgeItemProgressed', data: { ...parties, itemId: '1', note: '已召开专题会议', by: clerk.userId, at: NOW.toISOString() } }]);
      expect(state.items[0]!.progressNotes).toEqual([{ note: '已召开专题会议', by: clerk.userId, at: NOW }]);
    });

    it('refuses before signing, on a fulfilled or unknown item, and without text', () => {
      spec.given([drafted, signed('target')]).when(progress()).thenFails(E.NOT_ACTIVE, 'conflict');
      spec.given([...whenActive, fulfilled('1')]).when(progress('1')).thenFails(E.ITEM_FULFILLED, 'conflict');
      spec.given(whenActive).when(progress('9')).thenFails(E.ITEM_NOT_FOUND, 'not_found');
      spec.given(whenActive).when(progress('1', ' ')).thenFails(E.INVALID, 'invalid');
    });
  });

  describe('fulfil', () => {
    it('fulfils an item with evidence; the deadline moves to the next open item (a new version from level 0)', () => {
      spec.given(whenActive).when(fulfil()).then([
        { type: 'PledgeItemFulfilled', data: { ...parties, itemId: '2', evidence: '发展党员会议记录', by: clerk.userId, at: NOW.toISOString() } },
      ]);
      const escalated = stateOf([...whenActive, ladder('ReminderSent'), ladder('DeadlineMissed')]);
      expect(escalated.deadline).toMatchObject({ escalationLevel: 1, remindersSent: [1000], version: 1 });
      const moved = stateOf([...whenActive, ladder('ReminderSent'), ladder('DeadlineMissed'), fulfilled('2')]);
      expect(moved.deadline).toMatchObject({ dueAt: new Date(DUE_2), originalDueAt: new Date(DUE_2), version: 2, escalationLevel: 0, remindersSent: [], status: 'open' });
      expect(moved.items[1]).toMatchObject({ status: 'fulfilled', evidence: '发展党员会议记录', fulfilledAt: new Date('2026-05-01T02:00:00.000Z') });
      // Fulfilling an item that is not the earliest open one leaves the deadline as it is.
      expect(stateOf([...whenActive, fulfilled('1')]).deadline).toMatchObject({ dueAt: new Date(DUE_1), version: 1 });
    });

    it('completes the pledge with its last item and closes the deadline', () => {
      spec.given([...whenActive, fulfilled('2')]).when(fulfil('1')).then([
        { type: 'PledgeItemFulfilled', data: expect.objectContaining({ itemId: '1' }) },
        { type: 'PledgeCompleted', data: { ...parties, at: NOW.toISOString() } },
      ]);
      expect(stateOf(whenCompleted)).toMatchObject({
        status: 'completed',
        completedAt: new Date('2026-11-01T02:00:00.000Z'),
        deadline: { status: 'closed', closedAt: new Date('2026-11-01T02:00:00.000Z') },
      });
      spec.given(whenPublished).when(fulfil('1')).then([{ type: 'PledgeItemFulfilled' }, { type: 'PledgeCompleted' }]);
    });

    it('ignores the ladder on an older deadline version, and before the pledge is live', () => {
      const moved = stateOf([...whenActive, fulfilled('2'), ladder('WarningIssued', 1)]);
      expect(moved.deadline).toMatchObject({ version: 2, escalationLevel: 0 });
      expect(stateOf([...whenActive, fulfilled('2'), ladder('EscalatedToLeadership', 2)]).deadline).toMatchObject({ escalationLevel: 3 });
      expect(stateOf([drafted, ladder('DeadlineMissed')]).deadline).toBeNull();
    });

    it('refuses fulfilling twice, before signing, without evidence, and for anyone but the target', () => {
      spec.given([...whenActive, fulfilled('2')]).when(fulfil('2')).thenFails(E.ITEM_FULFILLED, 'conflict');
      spec.given(whenCompleted).when(fulfil('1')).thenFails(E.ITEM_FULFILLED, 'conflict');
      spec.given([drafted]).when(fulfil()).thenFails(E.NOT_ACTIVE, 'conflict');
      spec.given([publicDrafted]).when(fulfil('1')).thenFails(E.NOT_ACTIVE, 'conflict');
      spec.given(whenActive).when(fulfil('2', '  ')).thenFails(E.INVALID, 'invalid');
    });
  });

  describe('inspections and evaluations', () => {
    it('records numbered inspections and evaluations by the supervisor of a live pledge', () => {
      spec.given(whenActive).when(inspect()).then([
        { type: 'PledgeInspected', data: { ...parties, inspectionId: '1', rating: 'good', findings: '进度正常', by: supervisor.userId, at: NOW.toISOString() } },
      ]);
      spec.given(whenCompleted).when(evaluate()).then([
        { type: 'PledgeEvaluated', data: { ...parties, evaluationId: '1', leaderComment: '完成良好', publicScore: 92, by: supervisor.userId, at: NOW.toISOString() } },
      ]);
      const inspected: PledgeEvent = { type: 'PledgeInspected', data: { ...parties, inspectionId: '1', rating: 'poor', findings: '滞后', by: supervisor.userId, at: NOW.toISOString() } };
      const evaluated: PledgeEvent = { type: 'PledgeEvaluated', data: { ...parties, evaluationId: '1', leaderComment: '较好', publicScore: 0, by: supervisor.userId, at: NOW.toISOString() } };
      expect(stateOf([...whenActive, inspected, evaluated])).toMatchObject({
        inspections: [{ id: '1', rating: 'poor', findings: '滞后' }],
        evaluations: [{ id: '1', leaderComment: '较好', publicScore: 0 }],
      });
      spec.given([...whenActive, inspected]).when(inspect()).then([{ type: 'PledgeInspected', data: expect.objectContaining({ inspectionId: '2' }) }]);
    });

    it('refuses a bad rating, missing findings or comment, a score outside 0–100, before signing, and for the target', () => {
      spec.given(whenActive).when(inspect({ rating: 'great' as never })).thenFails(E.INVALID, 'invalid');
      spec.given(whenActive).when(inspect({ findings: '' })).thenFails(E.INVALID, 'invalid');
      spec.given(whenActive).when(evaluate({ leaderComment: ' ' })).thenFails(E.INVALID, 'invalid');
      spec.given(whenActive).when(evaluate({ publicScore: 101 })).thenFails(E.INVALID, 'invalid');
      spec.given(whenActive).when(evaluate({ publicScore: -1 })).thenFails(E.INVALID, 'invalid');
      spec.given([drafted]).when(inspect()).thenFails(E.NOT_ACTIVE, 'conflict');
      spec.given([drafted, signed('supervisor')]).when(evaluate()).thenFails(E.NOT_ACTIVE, 'conflict');
    });

  });

  it('answers not found for every command on a pledge that does not exist', () => {
    for (const command of [sign('target'), progress(), fulfil(), inspect(), evaluate()]) spec.given().when(command).thenFails(E.NOT_FOUND, 'not_found');
  });

  it('ignores events before the draft', () => {
    expect(fold(pledgeDecider, [signed('target'), fulfilled('1')])).toEqual({ exists: false });
  });

  describe('commitments of a held conversation (TakeOverCommitments)', () => {
    const HELD_AT = new Date('2026-11-12T02:00:00.000Z');
    const takeOver = (overrides: Partial<Extract<PledgeCommand, { type: 'TakeOverCommitments' }>> = {}): PledgeCommand => ({
      pledgeId,
      now: HELD_AT,
      actor: supervisor,
      type: 'TakeOverCommitments',
      conversationId: 'c-1',
      ...parties,
      title: '诫勉谈话整改承诺（2026-11-12）',
      term: '2026',
      commitments: [
        { text: ' 一个月内补齐三会一课记录 ', dueAt: new Date('2026-12-10T10:00:00.000Z') },
        { text: '年底前完成支部标准化建设', dueAt: new Date('2026-12-31T10:00:00.000Z') },
      ],
      effectId: 'held-event-1:commitments',
      ...overrides,
    });
    const origin = { kind: 'conversation', conversationId: 'c-1' } as const;

    it('drafts a letter with one unweighted item per commitment and puts it in force at once, its deadline on the earliest item', () => {
      const events = spec.given().when(takeOver()).thenEvents();
      expect(events.map((event) => event.type)).toEqual(['PledgeDrafted', 'PledgeActivated']);
      expect(events[0]!.data).toMatchObject({
        kind: 'responsibility',
        ...parties,
        origin,
        items: [
          { id: '1', content: '一个月内补齐三会一课记录', weight: null, dueAt: '2026-12-10T10:00:00.000Z' },
          { id: '2', content: '年底前完成支部标准化建设', weight: null, dueAt: '2026-12-31T10:00:00.000Z' },
        ],
      });
      expect(events[1]!.data).toEqual({ ...parties, basis: origin, at: HELD_AT.toISOString() });
      const state = stateOf(events);
      expect(state).toMatchObject({ status: 'active', origin, signatures: [] });
      expect(state.deadline).toMatchObject({ status: 'open', dueAt: new Date('2026-12-10T10:00:00.000Z'), escalationLevel: 0 });
    });

    it('derives the event ids from the effect: the same effect decides the same events', () => {
      const first = spec.given().when(takeOver()).thenEvents();
      const again = spec.given().when(takeOver()).thenEvents();
      expect(first.map((event) => event.eventId)).toEqual(again.map((event) => event.eventId));
      expect(new Set(first.map((event) => event.eventId)).size).toBe(2);
      expect(spec.given().when(takeOver({ effectId: 'other' })).thenEvents()[0]!.eventId).not.toBe(first[0]!.eventId);
    });

    it('refuses a second letter for the same conversation (a reactor that runs again), no commitments, past due times and a letter with itself', () => {
      const events = spec.given().when(takeOver()).thenEvents();
      spec.given(events).when(takeOver()).thenFails(E.ALREADY_EXISTS, 'conflict');
      spec.given().when(takeOver({ commitments: [] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(takeOver({ commitments: [{ text: ' ', dueAt: new Date(DUE_2) }] })).thenFails(E.INVALID, 'invalid');
      spec.given().when(takeOver({ commitments: [{ text: '整改', dueAt: new Date('2026-11-01T00:00:00.000Z') }] })).thenFails(E.TIME_IN_PAST, 'invalid');
      spec.given().when(takeOver({ supervisorOrgId: TOWNSHIP })).thenFails(E.SELF_TARGET, 'invalid');
    });

    it('gathers no signatures (409), and runs like any letter: fulfilling the first item moves the deadline, the last completes it', () => {
      const events = spec.given().when(takeOver()).thenEvents();
      spec.given(events).when(sign('target')).thenFails(E.NOT_TO_SIGN, 'conflict');
      spec.given(events).when(sign('supervisor')).thenFails(E.NOT_TO_SIGN, 'conflict');
      const first = spec.given(events).when({ ...fulfil('1'), now: new Date('2026-11-20T02:00:00.000Z') }).thenEvents();
      expect(first.map((event) => event.type)).toEqual(['PledgeItemFulfilled']);
      expect(stateOf([...events, ...first]).deadline).toMatchObject({ status: 'open', dueAt: new Date('2026-12-31T10:00:00.000Z') });
      const last = spec.given([...events, ...first]).when({ ...fulfil('2'), now: new Date('2026-11-21T02:00:00.000Z') }).thenEvents();
      expect(last.map((event) => event.type)).toEqual(['PledgeItemFulfilled', 'PledgeCompleted']);
    });

    it('a letter drafted by hand has no origin', () => {
      expect(stateOf([drafted]).origin).toBeNull();
    });
  });
});

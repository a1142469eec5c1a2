import { randomUUID } from 'node:crypto';
import { foldRecorded } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { escalationConversationId, LadderQueue } from '@app/escalation';
import { conversationStream } from '@app/conversations';
import { pledgeDecider, pledgeStream, type Pledge } from '@app/pledges';
import { seedTree, startTestApp, TWO_TOWNSHIPS, TWO_TOWNSHIPS_USERS, type TestApp } from '../support/app.js';
import { FAST_POLICY } from './escalation-support/ladder-app.js';
import { streamLadderTrail, waitFor, waitForLadderDone } from './escalation-support/helpers.js';

/*
 * Pledges (承诺 / 责任书) over HTTP on real PostgreSQL. Tree:
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const USERS = TWO_TOWNSHIPS_USERS;
type UserName = keyof typeof USERS | 'admin';

const FIRST_DUE = '2026-12-10T18:00:00+08:00';
const LAST_DUE = '2026-12-31T18:00:00+08:00';
const LETTER = {
  kind: 'responsibility',
  targetOrgId: 'twp-a',
  title: '2026年度基层党建工作目标责任书',
  term: '2026',
  items: [
    { content: '年底前完成支部标准化建设', weight: 60, dueAt: LAST_DUE },
    { content: '发展党员2名', weight: 40, dueAt: FIRST_DUE },
  ],
};
const PUBLIC = { kind: 'public', title: '党员公开承诺', term: '2026', pledgedBy: '党员 张三', items: [{ content: '每月走访群众10户', dueAt: LAST_DUE }] };

describe('pledges (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;

  const call = (user: UserName, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { token: tokens[user], body, headers });
  const create = (body: Record<string, unknown> = {}, user: UserName = 'countySup', headers?: Record<string, string>) =>
    call(user, 'POST', 'pledges', { ...LETTER, ...body }, headers);
  const created = async (body: Record<string, unknown> = {}, user: UserName = 'countySup') => {
    const response = await create(body, user);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  /** A responsibility letter signed by both sides. */
  const active = async () => {
    const id = await created();
    expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).status).toBe(200);
    expect((await call('countySup', 'POST', `pledges/${id}/sign`)).status).toBe(200);
    return id;
  };
  const get = (id: string, user: UserName = 'countySup') => call(user, 'GET', `pledges/${id}`);
  const types = (entries: Array<{ type: string }>) => entries.map((entry) => entry.type);

  beforeAll(async () => {
    // Seconds-long ladder for pledges (remind 2 s before, warn 2 s after, escalate 4 s after); the
    // other tests' due times are weeks after their clock, so only the ladder test sees it fire.
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z', env: { ESCALATION_POLICY: FAST_POLICY } });
    Object.assign(tokens, await seedTree(app, TWO_TOWNSHIPS, USERS, 'pledge'));
  });
  let ticker: NodeJS.Timeout | undefined;
  afterAll(async () => {
    clearInterval(ticker);
    await app?.close();
  });
  beforeEach(() => app.clock.set('2026-11-02T01:00:00.000Z'));

  it('runs a responsibility letter: drafted, signed by both, progressed, fulfilled, inspected, evaluated, completed', async () => {
    const response = await create();
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), revision: 0, items: [{ id: '1' }, { id: '2' }] });
    const id = response.body.id as string;

    const fresh = await get(id, 'clerkA');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"0"');
    expect(fresh.body).toMatchObject({
      id,
      kind: 'responsibility',
      title: LETTER.title,
      term: '2026',
      targetOrgId: 'twp-a',
      supervisorOrgId: 'county',
      status: 'drafted',
      signatures: [],
      items: [
        { id: '1', content: '年底前完成支部标准化建设', weight: 60, dueAt: '2026-12-31T10:00:00.000Z', status: 'open', progressNotes: [], fulfilledAt: null, evidence: null },
        { id: '2', content: '发展党员2名', weight: 40, dueAt: '2026-12-10T10:00:00.000Z', status: 'open' },
      ],
      inspections: [],
      evaluations: [],
      deadline: null,
      revision: 0,
    });

    // Nothing moves before both sides signed.
    const early = await call('clerkA', 'POST', `pledges/${id}/items/2/fulfil`, { evidence: '会议记录' });
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body.code).toBe('PLEDGE.NOT_ACTIVE');

    // Either side first; the target's side is its clerk's, the supervisor's side a supervisor's of the parent.
    expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).body).toEqual({ id, revision: 1, status: 'drafted' });
    expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).body.code).toBe('PLEDGE.ALREADY_SIGNED');
    expect((await call('countySup', 'POST', `pledges/${id}/sign`, { note: 'x' })).status).toBe(400);
    expect((await call('countySup', 'POST', `pledges/${id}/sign`)).body).toEqual({ id, revision: 2, status: 'active' });

    app.clock.set('2026-11-20T02:00:00.000Z');
    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/progress`, { note: '已完成3个支部阵地改造' })).body).toEqual({ id, revision: 3, status: 'active' });
    expect((await call('clerkA', 'POST', `pledges/${id}/items/2/fulfil`, { evidence: '支部大会决议' })).body).toEqual({ id, revision: 4, status: 'active' });
    const twice = await call('clerkA', 'POST', `pledges/${id}/items/2/fulfil`, { evidence: '支部大会决议' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('PLEDGE.ITEM_FULFILLED');
    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '' })).status).toBe(400);
    expect((await call('clerkA', 'POST', `pledges/${id}/items/9/fulfil`, { evidence: '记录' })).status).toBe(404);

    expect((await call('countySup', 'POST', `pledges/${id}/inspections`, { rating: 'great', findings: '好' })).status).toBe(400);
    expect((await call('countySup', 'POST', `pledges/${id}/inspections`, { rating: 'good', findings: '推进有序', extra: 1 })).status).toBe(400);
    expect((await call('countySup', 'POST', `pledges/${id}/inspections`, { rating: 'good', findings: '推进有序' })).body).toEqual({ id, revision: 5, status: 'active' });

    app.clock.set('2026-12-20T02:00:00.000Z');
    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '验收报告' })).body).toEqual({ id, revision: 7, status: 'completed' });
    expect((await call('countySup', 'POST', `pledges/${id}/evaluations`, { leaderComment: '成效明显', publicScore: 101 })).status).toBe(400);
    expect((await call('countySup', 'POST', `pledges/${id}/evaluations`, { leaderComment: '成效明显', publicScore: 92 })).body).toEqual({ id, revision: 8, status: 'completed' });

    const done = await get(id, 'countyViewer');
    expect(done.body).toMatchObject({
      status: 'completed',
      signatures: [{ side: 'target' }, { side: 'supervisor' }],
      items: [
        { id: '1', status: 'fulfilled', evidence: '验收报告', fulfilledAt: '2026-12-20T02:00:00.000Z', progressNotes: [{ note: '已完成3个支部阵地改造', at: '2026-11-20T02:00:00.000Z' }] },
        { id: '2', status: 'fulfilled', evidence: '支部大会决议', fulfilledAt: '2026-11-20T02:00:00.000Z' },
      ],
      inspections: [{ id: '1', rating: 'good', findings: '推进有序' }],
      evaluations: [{ id: '1', leaderComment: '成效明显', publicScore: 92 }],
      deadline: { originalDueAt: '2026-12-31T10:00:00.000Z', dueAt: '2026-12-31T10:00:00.000Z', light: 'closed_on_time', escalationLevel: 0 },
      completedAt: '2026-12-20T02:00:00.000Z',
      revision: 8,
    });
    const lifecycle = [
      'PledgeDrafted',
      'PledgeSigned',
      'PledgeSigned',
      'PledgeItemProgressed',
      'PledgeItemFulfilled',
      'PledgeInspected',
      'PledgeItemFulfilled',
      'PledgeCompleted',
      'PledgeEvaluated',
    ];
    expect(types(done.body.timeline).filter((type: string) => type.startsWith('Pledge'))).toEqual(lifecycle);

    // Every event is on the target's and the supervisor's timelines, not on a sibling's.
    await app.settle();
    for (const orgId of ['twp-a', 'county']) {
      const timeline = await call('countySup', 'GET', `orgs/${orgId}/timeline?limit=200`);
      expect(timeline.status).toBe(200);
      const mine = timeline.body.entries.filter((entry: { streamId: string; type: string }) => entry.streamId === `pledge-${id}` && entry.type.startsWith('Pledge'));
      expect(types(mine)).toEqual([...lifecycle].reverse());
    }
    const sibling = await call('countySup', 'GET', 'orgs/twp-b/timeline?limit=200');
    expect(sibling.body.entries.map((entry: { streamId: string }) => entry.streamId)).not.toContain(`pledge-${id}`);
  });

  it('publishes a public pledge when the pledging organisation signs it', async () => {
    const response = await call('clerkA', 'POST', 'pledges', PUBLIC);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), revision: 0, items: [{ id: '1' }] });
    const id = response.body.id as string;
    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/progress`, { note: '已走访5户' })).body.code).toBe('PLEDGE.NOT_ACTIVE');
    // The supervisor has no side to sign on a public pledge.
    expect((await call('countySup', 'POST', `pledges/${id}/sign`)).status).toBe(403);
    expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).body).toEqual({ id, revision: 2, status: 'published' });
    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/progress`, { note: '已走访5户' })).status).toBe(200);
    expect((await call('countySup', 'POST', `pledges/${id}/inspections`, { rating: 'excellent', findings: '群众满意' })).status).toBe(200);
    const view = await get(id, 'countySup');
    expect(view.body).toMatchObject({
      kind: 'public',
      targetOrgId: 'twp-a',
      supervisorOrgId: 'county',
      pledgedBy: '党员 张三',
      status: 'published',
      items: [{ id: '1', weight: null, status: 'open' }],
      deadline: { dueAt: '2026-12-31T10:00:00.000Z', light: 'green', escalationLevel: 0 },
    });
    expect(types(view.body.timeline)).toEqual(['PledgeDrafted', 'PledgeSigned', 'PledgePublished', 'PledgeItemProgressed', 'PledgeInspected']);
    // A public pledge is the own organisation's; a supervisor makes none for a child.
    expect((await call('countySup', 'POST', 'pledges', { ...PUBLIC, targetOrgId: 'twp-a' })).status).toBe(403);
    expect((await call('clerkA', 'POST', 'pledges', { ...PUBLIC, targetOrgId: 'vil-a1' })).status).toBe(403);
  });

  it('keeps pledges in scope and to their sides: outsiders 404, wrong role or side 403', async () => {
    // Drafting a letter: only a supervisor of the direct parent.
    expect((await create({ targetOrgId: 'vil-a1' })).status).toBe(403);
    expect((await create({}, 'countyViewer')).status).toBe(403);
    expect((await create({}, 'clerkA')).status).toBe(403);
    expect((await create({ targetOrgId: 'vil-a1' }, 'supB')).status).toBe(404);
    expect((await create({ targetOrgId: 'no-such-org' })).status).toBe(404);
    expect((await create({ targetOrgId: undefined })).status).toBe(400);
    expect((await create({ term: 'next year' })).status).toBe(400);
    expect((await create({ items: [{ content: '无权重', dueAt: FIRST_DUE }] })).status).toBe(400);
    expect((await create({ items: [{ content: '已过期', weight: 1, dueAt: '2026-10-01T18:00:00+08:00' }] })).body.code).toBe('PLEDGE.TIME_IN_PAST');

    const id = await active();
    // The target's clerk fulfils; the supervisor does not, and a viewer does nothing.
    expect((await call('countySup', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '记录' })).status).toBe(403);
    expect((await call('countyViewer', 'POST', `pledges/${id}/sign`)).status).toBe(403);
    expect((await call('countyViewer', 'POST', `pledges/${id}/items/1/progress`, { note: '记录' })).status).toBe(403);
    // The supervisor inspects and evaluates; the target does not.
    expect((await call('clerkA', 'POST', `pledges/${id}/inspections`, { rating: 'good', findings: '自评' })).status).toBe(403);
    expect((await call('clerkA', 'POST', `pledges/${id}/evaluations`, { leaderComment: '自评', publicScore: 100 })).status).toBe(403);
    // The township's own supervisor reads its letter with the county but is no side of it.
    expect((await get(id, 'supA')).status).toBe(200);
    expect((await call('supA', 'POST', `pledges/${id}/inspections`, { rating: 'good', findings: '越权' })).status).toBe(403);
    // Outside the subtree: not there at all.
    for (const user of ['supB', 'clerkB', 'clerkA1'] as const) expect((await get(id, user)).status).toBe(404);
    expect((await call('clerkB', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '记录' })).status).toBe(404);
    expect((await call('supB', 'POST', `pledges/${id}/inspections`, { rating: 'good', findings: '越权' })).status).toBe(404);
    expect((await get('not-a-uuid')).status).toBe(404);
    expect((await call('countySup', 'POST', `pledges/${randomUUID()}/sign`)).status).toBe(404);
    expect((await get(id)).body.revision).toBe(2);
  });

  it('replays an idempotent retry and runs a command only at the revision in If-Match', async () => {
    const key = `pledge-${randomUUID()}`;
    const first = await create({}, 'countySup', { 'idempotency-key': key });
    const again = await create({}, 'countySup', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const id = first.body.id as string;

    expect((await call('clerkA', 'POST', `pledges/${id}/sign`, undefined, { 'if-match': '"3"' })).status).toBe(412);
    const signed = await call('clerkA', 'POST', `pledges/${id}/sign`, undefined, { 'if-match': '"0"', 'idempotency-key': `${key}-s` });
    expect(signed.status).toBe(200);
    const replayed = await call('clerkA', 'POST', `pledges/${id}/sign`, undefined, { 'if-match': '"0"', 'idempotency-key': `${key}-s` });
    expect(replayed.body).toEqual(signed.body);
    expect((await get(id)).body.revision).toBe(1);
  });

  it('puts the earliest open item on the deadline board (kind pledge) and moves it to the next item when that one is fulfilled', async () => {
    const id = await active();
    await app.settle();
    const rowOf = async () => {
      const board = await call('countySup', 'GET', 'deadlines?kind=pledge');
      expect(board.status).toBe(200);
      return board.body.find((row: { subjectId: string }) => row.subjectId === id);
    };
    expect(await rowOf()).toMatchObject({ kind: 'pledge', subjectId: id, orgId: 'twp-a', title: LETTER.title, dueAt: '2026-12-10T10:00:00.000Z', escalationLevel: 0 });
    expect((await get(id)).body.deadline).toMatchObject({ dueAt: '2026-12-10T10:00:00.000Z', light: 'green', escalationLevel: 0 });

    expect((await call('clerkA', 'POST', `pledges/${id}/items/2/fulfil`, { evidence: '支部大会决议' })).status).toBe(200);
    await app.settle();
    expect(await rowOf()).toMatchObject({ subjectId: id, dueAt: '2026-12-31T10:00:00.000Z', escalationLevel: 0 });

    expect((await call('clerkA', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '验收报告' })).body.status).toBe('completed');
    await app.settle();
    expect(await rowOf()).toBeUndefined();
    // A drafted letter has no deadline yet.
    const draft = await created();
    await app.settle();
    const board = await call('countySup', 'GET', 'deadlines?kind=pledge');
    expect(board.body.map((row: { subjectId: string }) => row.subjectId)).not.toContain(draft);
  });

  it('runs the escalation ladder on a real letter: once each for the first item, nothing once the deadline moved to the second and it was fulfilled', async () => {
    // Business time runs at real speed from a fixed instant (before every other test's due time),
    // so BullMQ's delays (real time) and the ladder's reading of the clock agree.
    const start = Date.parse('2026-11-05T01:00:00.000Z');
    const offset = start - Date.now();
    const tick = () => app.clock.set(new Date(Date.now() + offset));
    tick();
    ticker = setInterval(tick, 20);
    try {
      const store = app.app.get(EventStore);
      // Item 1 is due 8 s on (its reminder 2 s before leaves a slow machine 6 s to draft and sign);
      // item 2 11 s later, after item 1's whole ladder (escalation 4 s after its due time).
      const firstDue = new Date(start + 8_000);
      const secondDue = new Date(start + 19_000);
      const id = await created({
        items: [
          { content: '按期召开专题组织生活会', weight: 50, dueAt: firstDue.toISOString() },
          { content: '整改问题清单全部销号', weight: 50, dueAt: secondDue.toISOString() },
        ],
      });
      expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).status).toBe(200);
      expect((await call('countySup', 'POST', `pledges/${id}/sign`)).body.status).toBe('active');
      const stream = pledgeStream(id);
      const deadline = async () => (foldRecorded(pledgeDecider, await store.readStream(stream)) as Pledge).deadline!;
      expect(await deadline()).toMatchObject({ version: 1, dueAt: firstDue, status: 'open' });

      // Item 1 is left open: reminded, missed, warned, escalated, each once, for version 1.
      const v1 = ['ReminderSent@v1:2000', 'DeadlineMissed@v1', 'WarningIssued@v1', 'EscalatedToLeadership@v1'];
      await waitFor(async () => (await streamLadderTrail(store, stream)).length >= v1.length, 25_000, 'the ladder of item 1 to reach level 3', 200);
      expect(await streamLadderTrail(store, stream)).toEqual(v1);
      const escalated = await get(id);
      expect(escalated.body.deadline).toMatchObject({ dueAt: firstDue.toISOString(), light: 'red', escalationLevel: 3 });
      // The escalation proposes one admonishment conversation about this pledge, on its own stream.
      const proposal = await store.readStream(conversationStream(escalationConversationId('pledge', id, 1)));
      expect(proposal).toEqual([
        expect.objectContaining({
          type: 'ConversationProposed',
          data: expect.objectContaining({ reason: 'escalation', targetOrgId: 'twp-a', supervisorOrgId: 'county', subjectKind: 'pledge', subjectId: id, subjectStream: stream, deadlineVersion: 1 }),
        }),
      ]);

      // Item 1 fulfilled (late): the deadline moves to item 2 as version 2, back at level 0.
      expect((await call('clerkA', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '会议记录' })).body.status).toBe('active');
      expect(await deadline()).toMatchObject({ version: 2, dueAt: secondDue, originalDueAt: secondDue, status: 'open', escalationLevel: 0, remindersSent: [] });
      expect((await get(id)).body.deadline).toMatchObject({ dueAt: secondDue.toISOString(), light: 'green', escalationLevel: 0 });
      // Item 2 fulfilled well before its reminder: the pledge completes and its deadline closes.
      expect((await call('clerkA', 'POST', `pledges/${id}/items/2/fulfil`, { evidence: '销号台账' })).body.status).toBe('completed');
      expect(await deadline()).toMatchObject({ version: 2, status: 'closed' });

      // Every ladder job of this pledge run or skipped (version 2's, scheduled before it closed, and
      // any retry of version 1's): a step fired twice would be on the stream by now. Nothing more.
      await app.settle();
      await waitForLadderDone(app.app.get(LadderQueue).queue, [id]);
      expect(await streamLadderTrail(store, stream)).toEqual(v1);
      const all = await store.readAll({ categories: ['conversation'] });
      expect(all.events.filter((event) => event.data.subjectId === id)).toHaveLength(1);
      expect((await get(id)).body.deadline).toMatchObject({ light: 'closed_on_time', escalationLevel: 0 });
    } finally {
      clearInterval(ticker);
      ticker = undefined;
    }
  }, 60_000);
});

import { EventStore } from '@app/event-store';
import { AppConfig } from '@app/kernel';
import { CommandRunner } from '@app/platform';
import { commitmentsPledgeId, conversationStream, NotImprovedReactor } from '@app/conversations';
import { CommitmentsReactor, pledgeStream } from '@app/pledges';
import { organizationStream } from '@app/access';
import { seedTree, startTestApp, TWO_TOWNSHIPS, TWO_TOWNSHIPS_USERS, type TestApp } from '../support/app.js';

/*
 * The workflow gaps of issue 14.5 closed, over HTTP on real PostgreSQL. Tree:
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const USERS = TWO_TOWNSHIPS_USERS;
type UserName = keyof typeof USERS | 'admin';

const NOW = '2026-11-12T02:00:00.000Z';
const SCHEDULE = { at: '2026-11-13T09:30:00+08:00', place: '县委组织部三楼会议室', interviewer: '县委组织部副部长 王明' };
const COMMITMENTS = [
  { text: '一个月内补齐三会一课记录', dueAt: '2026-12-31T18:00:00+08:00' },
  { text: '半个月内整改支部阵地', dueAt: '2026-12-10T18:00:00+08:00' },
];

describe('workflow gaps: commitments → letter, not improved → adjustment, secretaries, prefill, lists (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;

  const call = (user: UserName, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { token: tokens[user], body, headers });
  const eventsOf = (streamId: string) => app.app.get(EventStore).readStream(streamId);
  const types = (events: Array<{ type: string }>) => events.map((event) => event.type);

  /** A conversation with `targetOrgId` proposed by its parent's supervisor, scheduled, and held with `commitments`. */
  const held = async (targetOrgId = 'twp-a', commitments: unknown[] = COMMITMENTS, supervisor: UserName = 'countySup') => {
    const proposed = await call(supervisor, 'POST', 'conversations', { targetOrgId, reason: '整改通知逾期未办结' });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    expect((await call(supervisor, 'POST', `conversations/${id}/schedule`, SCHEDULE)).status).toBe(200);
    const hold = await call(supervisor, 'POST', `conversations/${id}/hold`, { minutes: '书记作表态发言。', commitments });
    expect(hold.status).toBe(200);
    expect(hold.body.status).toBe('held');
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp({ now: NOW });
    Object.assign(tokens, await seedTree(app, TWO_TOWNSHIPS, USERS, 'gaps'));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => app.clock.set(NOW));

  describe('commitments made in a held conversation become a responsibility letter', () => {
    it('two commitments → a letter with two items in force at once, its deadline the earliest on GET /deadlines?kind=pledge; running the reactor again appends nothing', async () => {
      const conversationId = await held();
      const conversation = await call('clerkA', 'GET', `conversations/${conversationId}`);
      const pledgeId = commitmentsPledgeId(conversationId);
      expect(conversation.body.commitmentsPledgeId).toBe(pledgeId);
      await app.settle();

      const letter = await call('clerkA', 'GET', `pledges/${pledgeId}`);
      expect(letter.status).toBe(200);
      expect(letter.body).toMatchObject({
        id: pledgeId,
        kind: 'responsibility',
        targetOrgId: 'twp-a',
        supervisorOrgId: 'county',
        status: 'active',
        origin: { kind: 'conversation', conversationId },
        signatures: [],
        title: '诫勉谈话整改承诺（2026-11-12）',
        term: '2026',
        items: [
          { id: '1', content: '一个月内补齐三会一课记录', weight: null, dueAt: '2026-12-31T10:00:00.000Z', status: 'open' },
          { id: '2', content: '半个月内整改支部阵地', weight: null, dueAt: '2026-12-10T10:00:00.000Z', status: 'open' },
        ],
        deadline: { originalDueAt: '2026-12-10T10:00:00.000Z', dueAt: '2026-12-10T10:00:00.000Z', light: 'green', escalationLevel: 0 },
        revision: 1,
      });
      expect(types(letter.body.timeline)).toEqual(['PledgeDrafted', 'PledgeActivated']);

      const board = await call('countySup', 'GET', 'deadlines?kind=pledge');
      expect(board.status).toBe(200);
      expect(board.body.filter((row: { subjectId: string }) => row.subjectId === pledgeId)).toEqual([
        expect.objectContaining({ kind: 'pledge', subjectId: pledgeId, orgId: 'twp-a', dueAt: '2026-12-10T10:00:00.000Z', escalationLevel: 0 }),
      ]);

      // The reactor handles the held event again, as after a crash before its checkpoint: nothing twice.
      const heldEvent = (await eventsOf(conversationStream(conversationId))).find((event) => event.type === 'ConversationHeld')!;
      const before = await eventsOf(pledgeStream(pledgeId));
      const reactor = new CommitmentsReactor(app.app.get(CommandRunner), app.app.get(AppConfig).tzBusiness);
      await reactor.handle([heldEvent]);
      await reactor.handle([heldEvent]);
      const after = await eventsOf(pledgeStream(pledgeId));
      expect(after.map((event) => event.eventId)).toEqual(before.map((event) => event.eventId));
      expect(types(after)).toEqual(['PledgeDrafted', 'PledgeActivated']);
      expect(after[0]!.metadata).toMatchObject({ actorOrgId: 'county', causationId: heldEvent.eventId });

      // The minutes are the record both sides gave: no signatures are gathered. Fulfilling moves the deadline on.
      expect((await call('clerkA', 'POST', `pledges/${pledgeId}/sign`)).status).toBe(409);
      expect((await call('clerkA', 'POST', `pledges/${pledgeId}/items/2/fulfil`, { evidence: '阵地整改验收记录' })).status).toBe(200);
      await app.settle();
      const moved = await call('countySup', 'GET', 'deadlines?kind=pledge');
      expect(moved.body.find((row: { subjectId: string }) => row.subjectId === pledgeId)).toMatchObject({ dueAt: '2026-12-31T10:00:00.000Z', escalationLevel: 0 });
    });

    it('a conversation held without commitments makes no letter', async () => {
      const conversationId = await held('twp-b', []);
      await app.settle();
      expect((await call('countySup', 'GET', `conversations/${conversationId}`)).body.commitmentsPledgeId).toBeNull();
      expect(await eventsOf(pledgeStream(commitmentsPledgeId(conversationId)))).toEqual([]);
    });
  });

  describe('a follow-up that found no improvement', () => {
    it('records SecretaryAdjustmentRecommended on the organisation (its timeline), with the conversation as basis, once however often the reactor runs; improved records nothing', async () => {
      expect((await call('countySup', 'POST', 'organizations/twp-b/secretary', { name: '李书记' })).status).toBe(200);
      const conversationId = await held('twp-b', []);
      const followUp = await call('countySup', 'POST', `conversations/${conversationId}/follow-up`, { outcome: 'not_improved', notes: '回访发现问题依旧' });
      expect(followUp.status).toBe(200);
      expect(followUp.body.status).toBe('closed');
      await app.settle();

      const recommended = (await eventsOf(organizationStream('twp-b'))).filter((event) => event.type === 'SecretaryAdjustmentRecommended');
      expect(recommended).toHaveLength(1);
      expect(recommended[0]!.data).toMatchObject({
        orgId: 'twp-b',
        secretary: { name: '李书记', userId: null },
        basis: { kind: 'conversation', conversationId },
        reason: expect.stringContaining('予以调整'),
      });
      const timeline = await call('clerkB', 'GET', 'orgs/twp-b/timeline?limit=100');
      expect(timeline.body.entries.filter((entry: { type: string }) => entry.type === 'SecretaryAdjustmentRecommended')).toEqual([
        expect.objectContaining({ streamId: 'org-twp-b', summary: expect.objectContaining({ basis: { kind: 'conversation', conversationId } }) }),
      ]);

      const followedUp = (await eventsOf(conversationStream(conversationId))).find((event) => event.type === 'ConversationFollowedUp')!;
      const reactor = new NotImprovedReactor(app.app.get(CommandRunner));
      await reactor.handle([followedUp]);
      await reactor.handle([followedUp]);
      expect((await eventsOf(organizationStream('twp-b'))).filter((event) => event.type === 'SecretaryAdjustmentRecommended')).toHaveLength(1);

      const improved = await held('twp-b', []);
      expect((await call('countySup', 'POST', `conversations/${improved}/follow-up`, { outcome: 'improved' })).status).toBe(200);
      await app.settle();
      expect((await eventsOf(organizationStream('twp-b'))).filter((event) => event.type === 'SecretaryAdjustmentRecommended')).toHaveLength(1);
    });
  });

  describe('POST /organizations/:id/secretary', () => {
    it('appoints, then replaces; GET shows the current secretary, the timeline both; admin or a supervisor of the parent; 400, 403, 404, 412 and Idempotency-Key as every command', async () => {
      const appointed = await call('supA', 'POST', 'organizations/vil-a1/secretary', { name: '王书记' });
      expect(appointed.status).toBe(200);
      expect((await call('clerkA1', 'GET', 'organizations/vil-a1')).body.secretary).toEqual({ name: '王书记', userId: null });

      const headers = { 'idempotency-key': 'replace-vil-a1', 'if-match': String(appointed.body.revision) };
      const replaced = await call('admin', 'POST', 'organizations/vil-a1/secretary', { name: '赵书记', userId: 'u-zhao' }, headers);
      expect(replaced.status).toBe(200);
      expect(replaced.body.revision).toBe(appointed.body.revision + 1);
      const retried = await call('admin', 'POST', 'organizations/vil-a1/secretary', { name: '赵书记', userId: 'u-zhao' }, headers);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(replaced.body);
      expect((await call('countySup', 'GET', 'organizations/vil-a1')).body.secretary).toEqual({ name: '赵书记', userId: 'u-zhao' });

      const stream = (await eventsOf(organizationStream('vil-a1'))).filter((event) => event.type.startsWith('Secretary'));
      expect(types(stream)).toEqual(['SecretaryAppointed', 'SecretaryReplaced']);
      expect(stream[1]!.data).toMatchObject({ previous: { name: '王书记', userId: null }, next: { name: '赵书记', userId: 'u-zhao' } });
      await app.settle();
      const timeline = await call('clerkA1', 'GET', 'orgs/vil-a1/timeline?limit=50');
      expect(types(timeline.body.entries).filter((type) => type.startsWith('Secretary'))).toEqual(['SecretaryReplaced', 'SecretaryAppointed']);

      // The same secretary again changes nothing.
      const same = await call('supA', 'POST', 'organizations/vil-a1/secretary', { name: '赵书记', userId: 'u-zhao' });
      expect(same.body.revision).toBe(replaced.body.revision);
      // Stale If-Match 412, bad input 400, the wrong role 403, outside the subtree 404, a grandchild 403.
      expect((await call('supA', 'POST', 'organizations/vil-a1/secretary', { name: '钱书记' }, { 'if-match': '0' })).status).toBe(412);
      expect((await call('supA', 'POST', 'organizations/vil-a1/secretary', { name: '' })).status).toBe(400);
      expect((await call('supA', 'POST', 'organizations/vil-a1/secretary', { name: '钱书记', extra: 1 })).status).toBe(400);
      expect((await call('clerkA1', 'POST', 'organizations/vil-a1/secretary', { name: '钱书记' })).status).toBe(403);
      expect((await call('supB', 'POST', 'organizations/vil-a1/secretary', { name: '钱书记' })).status).toBe(404);
      expect((await call('countySup', 'POST', 'organizations/vil-a1/secretary', { name: '钱书记' })).status).toBe(403);
      expect((await call('countySup', 'GET', 'organizations/vil-a1')).body.secretary).toEqual({ name: '赵书记', userId: 'u-zhao' });
    });
  });

  describe('the report prefill', () => {
    it('counts the pledge items the organisation fulfilled in the period', async () => {
      const before = await call('clerkA', 'GET', 'reports/twp-a/2026-Q4/draft/prefill');
      expect(before.status).toBe(200);
      const start = before.body.figures.pledgesFulfilled as number;
      expect(before.body.sources.pledgesFulfilled).toBe('system');

      const letter = await call('countySup', 'POST', 'pledges', {
        kind: 'responsibility',
        targetOrgId: 'twp-a',
        title: '2026年度基层党建工作目标责任书',
        term: '2026',
        items: [
          { content: '发展党员2名', weight: 40, dueAt: '2026-12-10T18:00:00+08:00' },
          { content: '年底前完成支部标准化建设', weight: 60, dueAt: '2026-12-31T18:00:00+08:00' },
        ],
      });
      expect(letter.status).toBe(201);
      const id = letter.body.id as string;
      expect((await call('clerkA', 'POST', `pledges/${id}/sign`)).status).toBe(200);
      expect((await call('countySup', 'POST', `pledges/${id}/sign`)).status).toBe(200);
      expect((await call('clerkA', 'POST', `pledges/${id}/items/1/fulfil`, { evidence: '支部大会决议' })).status).toBe(200);
      await app.settle();

      const after = await call('clerkA', 'GET', 'reports/twp-a/2026-Q4/draft/prefill');
      expect(after.body.figures.pledgesFulfilled).toBe(start + 1);
      // Fulfilled in Q4: the previous quarter knows nothing of it.
      expect((await call('clerkA', 'GET', 'reports/twp-a/2026-Q3/draft/prefill')).body.figures.pledgesFulfilled).toBe(0);
    });
  });

  describe('GET /conversations and GET /pledges', () => {
    it('list what the caller may read, filtered by target and status, newest first; a target outside the subtree is a 404, a bad status a 400', async () => {
      const ofA = await held('vil-a1', [{ text: '补齐党员档案', dueAt: '2026-12-20T18:00:00+08:00' }], 'supA');
      const proposedB = await call('countySup', 'POST', 'conversations', { targetOrgId: 'twp-b', reason: '报告逾期' });
      expect(proposedB.status).toBe(201);
      await app.settle();

      const all = await call('countySup', 'GET', 'conversations');
      expect(all.status).toBe(200);
      expect(Array.isArray(all.body)).toBe(true);
      const ids = all.body.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([ofA, proposedB.body.id]));
      expect(all.body.find((c: { id: string }) => c.id === ofA)).toMatchObject({ targetOrgId: 'vil-a1', supervisorOrgId: 'twp-a', status: 'held', commitmentsPledgeId: commitmentsPledgeId(ofA) });
      const proposedAts = all.body.map((c: { proposedAt: string }) => c.proposedAt);
      expect([...proposedAts].sort().reverse()).toEqual(proposedAts);

      const heldA1 = await call('supA', 'GET', 'conversations?targetOrgId=vil-a1&status=held');
      expect(heldA1.body.map((c: { id: string }) => c.id)).toEqual([ofA]);
      expect((await call('supA', 'GET', 'conversations?targetOrgId=vil-a1&status=closed')).body).toEqual([]);
      // twp-a's subtree: its own and vil-a1's, never twp-b's.
      const underA = await call('clerkA', 'GET', 'conversations');
      expect(underA.body.every((c: { targetOrgId: string }) => ['twp-a', 'vil-a1'].includes(c.targetOrgId))).toBe(true);
      expect(underA.body.map((c: { id: string }) => c.id)).toContain(ofA);
      expect((await call('supB', 'GET', 'conversations')).body.every((c: { targetOrgId: string }) => c.targetOrgId === 'twp-b')).toBe(true);
      expect((await call('supB', 'GET', 'conversations?targetOrgId=vil-a1')).status).toBe(404);
      expect((await call('supB', 'GET', 'conversations?targetOrgId=no-such-org')).status).toBe(404);
      expect((await call('countySup', 'GET', 'conversations?status=done')).status).toBe(400);
      expect((await call('admin', 'GET', 'conversations?targetOrgId=twp-b&status=proposed')).body.map((c: { id: string }) => c.id)).toContain(proposedB.body.id);

      // The letter vil-a1's commitments became, and a drafted one of twp-b.
      const draftedB = await call('countySup', 'POST', 'pledges', {
        kind: 'responsibility',
        targetOrgId: 'twp-b',
        title: '2026年度责任书',
        term: '2026',
        items: [{ content: '发展党员1名', weight: 100, dueAt: '2026-12-31T18:00:00+08:00' }],
      });
      expect(draftedB.status).toBe(201);
      await app.settle();
      const letterA1 = commitmentsPledgeId(ofA);
      const pledges = await call('countyViewer', 'GET', 'pledges');
      expect(pledges.status).toBe(200);
      expect(pledges.body.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([letterA1, draftedB.body.id]));
      expect(pledges.body.find((p: { id: string }) => p.id === letterA1)).toMatchObject({
        targetOrgId: 'vil-a1',
        supervisorOrgId: 'twp-a',
        status: 'active',
        origin: { kind: 'conversation', conversationId: ofA },
        deadline: { dueAt: '2026-12-20T10:00:00.000Z', light: 'green', escalationLevel: 0 },
      });
      expect((await call('supA', 'GET', 'pledges?targetOrgId=vil-a1&status=active')).body.map((p: { id: string }) => p.id)).toEqual([letterA1]);
      expect((await call('countySup', 'GET', 'pledges?targetOrgId=twp-b&status=drafted')).body.map((p: { id: string }) => p.id)).toEqual([draftedB.body.id]);
      expect((await call('clerkA1', 'GET', 'pledges')).body.map((p: { id: string }) => p.id)).toEqual([letterA1]);
      expect((await call('clerkB', 'GET', 'pledges')).body.every((p: { targetOrgId: string }) => p.targetOrgId === 'twp-b')).toBe(true);
      expect((await call('clerkB', 'GET', 'pledges?targetOrgId=vil-a1')).status).toBe(404);
      expect((await call('countySup', 'GET', 'pledges?status=signed')).status).toBe(400);
      expect((await call('countySup', 'GET', 'pledges?limit=0')).status).toBe(400);
    });
  });
});

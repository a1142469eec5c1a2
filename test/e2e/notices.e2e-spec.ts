import { randomUUID } from 'node:crypto';
import { ProjectionHost } from '@app/platform';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { eventually, waitFor } from '../support/wait.js';

/*
 * Supervision notices over HTTP on real PostgreSQL. Tree:
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const PASSWORD = 'correct-horse-1';
const USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  countyViewer: { org: 'county', roles: ['viewer'] },
  clerkA: { org: 'twp-a', roles: ['clerk'] },
  supA: { org: 'twp-a', roles: ['supervisor'] },
  clerkB: { org: 'twp-b', roles: ['clerk'] },
  clerkVillage: { org: 'vil-a1', roles: ['clerk'] },
} as const;
type UserName = keyof typeof USERS;

describe('supervision notices (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;

  const call = (user: UserName, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { token: tokens[user], body, headers });

  const issue = async (body: Record<string, unknown> = {}, user: UserName = 'countySup', headers?: Record<string, string>) => {
    const response = await call(user, 'POST', 'notices', {
      targetOrgId: 'twp-a',
      title: '关于第三季度党建督查发现问题限期整改的通知',
      basis: '2026年第三季度党建工作督查',
      items: [
        { problem: '三会一课记录不全', requiredAction: '补齐支部委员会会议记录' },
        { problem: '党费收缴台账未更新', requiredAction: '更新台账并公示' },
      ],
      dueDate: '2026-11-20',
      ...body,
    }, headers);
    return response;
  };

  const issued = async (body: Record<string, unknown> = {}) => {
    const response = await issue(body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  /**
   * Waits until the notice read model holds every notice stream at its current revision (the
   * read side is eventually consistent), and fails loudly if a projection stopped on an error.
   */
  const settled = async () => {
    await app.settle();
    await waitFor(
      async () => {
        const { rows } = await app.database.pool.query<{ behind: number }>(
          `select count(*)::int as behind
           from (select stream_id, max(stream_revision) as revision from es.events where category = 'notice' group by stream_id) s
           left join read.notices n on n.stream_id = s.stream_id
           where n.revision is distinct from s.revision`,
        );
        return rows[0]!.behind === 0;
      },
      10_000,
      'read.notices to hold every notice stream at its revision',
      20,
    );
    const failed = (await app.app.get(ProjectionHost).statuses()).filter((s) => s.state !== 'running' || s.lastError);
    expect(failed).toEqual([]);
  };

  const get = (id: string, user: UserName = 'countySup') => call(user, 'GET', `notices/${id}`);

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z' });
    const admin = await app.login(ADMIN.username, ADMIN.password);
    for (const [id, kind, parentId] of [
      ['twp-a', 'township', 'county'],
      ['twp-b', 'township', 'county'],
      ['vil-a1', 'village', 'twp-a'],
    ]) {
      const created = await app.request('POST', 'organizations', { token: admin, body: { id, name: `${id} 党委`, kind, parentId } });
      expect(created.status).toBe(201);
    }
    for (const [username, { org, roles }] of Object.entries(USERS)) {
      const login = username.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const created = await app.request('POST', 'users', { token: admin, body: { username: login, password: PASSWORD, orgId: org, roles } });
      expect(created.status).toBe(201);
      tokens[username as UserName] = await app.login(login, PASSWORD);
    }
    await app.settle();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => app.clock.set('2026-11-02T01:00:00.000Z'));

  it('runs the whole lifecycle: issue, acknowledge, rectify, reject for rework, rectify again, verify all -> closed on time', async () => {
    const created = await issue();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ revision: 0, items: [{ id: '1' }, { id: '2' }] });
    const id = created.body.id as string;

    const fresh = await get(id, 'clerkA');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      id,
      issuerOrgId: 'county',
      targetOrgId: 'twp-a',
      status: 'issued',
      items: [
        { id: '1', problem: '三会一课记录不全', status: 'open', reworkCount: 0 },
        { id: '2', status: 'open', reworkCount: 0 },
      ],
      // End of 2026-11-20 in Asia/Shanghai.
      deadline: { originalDueAt: '2026-11-20T15:59:59.999Z', dueAt: '2026-11-20T15:59:59.999Z', light: 'green', escalationLevel: 0, extensions: 0 },
      revision: 0,
    });
    expect(fresh.body.timeline).toEqual([expect.objectContaining({ type: 'NoticeIssued', at: '2026-11-02T01:00:00.000Z', actorId: expect.any(String) })]);
    expect(fresh.headers.get('etag')).toBe('"0"');

    // The issuer cannot sign for the target, the target cannot verify its own work.
    expect((await call('countySup', 'POST', `notices/${id}/acknowledge`)).status).toBe(403);
    // Rectifying before signing for it is an illegal transition.
    expect((await call('clerkA', 'POST', `notices/${id}/items/1/rectification`, { evidence: '记录已补齐' })).status).toBe(409);

    app.clock.set('2026-11-03T01:00:00.000Z');
    const ack = await call('clerkA', 'POST', `notices/${id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ id, revision: 1, status: 'in_progress' });
    expect((await call('clerkA', 'POST', `notices/${id}/acknowledge`)).status).toBe(409);

    expect((await call('clerkA', 'POST', `notices/${id}/progress`, { text: '已召开专题会议部署整改' })).status).toBe(200);
    expect((await call('clerkA', 'POST', `notices/${id}/progress`, { note: '整改方案已报县委组织部' })).status).toBe(200);
    expect((await call('clerkA', 'POST', `notices/${id}/progress`, {})).status).toBe(400);
    expect((await call('clerkA', 'POST', `notices/${id}/items/1/rectification`, { evidence: '' })).status).toBe(400);
    expect((await call('clerkA', 'POST', `notices/${id}/items/1/rectification`, { evidence: '记录已补齐', extra: 1 })).status).toBe(400);
    expect((await call('countySup', 'POST', `notices/${id}/items/1/verify`)).body.code).toBe('NOTICE.ITEM_NOT_REPORTED');
    expect((await call('clerkA', 'POST', `notices/${id}/items/9/rectification`, { evidence: 'x' })).status).toBe(404);

    app.clock.set('2026-11-10T01:00:00.000Z');
    expect((await call('clerkA', 'POST', `notices/${id}/items/1/rectification`, { evidence: '补齐会议记录7份' })).status).toBe(200);
    expect((await call('clerkA', 'POST', `notices/${id}/items/2/rectification`, { evidence: '台账已更新' })).status).toBe(200);
    expect((await call('clerkA', 'POST', `notices/${id}/items/1/verify`)).status).toBe(403);

    const rejected = await call('countySup', 'POST', `notices/${id}/items/2/reject`, { reason: '缺少公示照片' });
    expect(rejected.status).toBe(200);
    expect((await call('countySup', 'POST', `notices/${id}/items/1/verify`)).body).toMatchObject({ status: 'in_progress' });
    expect((await call('clerkA', 'POST', `notices/${id}/items/2/rectification`, { evidence: '台账已更新，公示照片附后' })).status).toBe(200);

    app.clock.set('2026-11-12T01:00:00.000Z');
    const closing = await call('countySup', 'POST', `notices/${id}/items/2/verify`);
    expect(closing.status).toBe(200);
    expect(closing.body).toMatchObject({ id, status: 'closed' });

    const closed = await get(id, 'clerkA');
    expect(closed.body).toMatchObject({
      status: 'closed',
      items: [
        { id: '1', status: 'verified', reworkCount: 0 },
        { id: '2', status: 'verified', reworkCount: 1, lastRejectionReason: '缺少公示照片' },
      ],
      deadline: { light: 'closed_on_time', escalationLevel: 0 },
      revision: closing.body.revision,
    });
    expect(closed.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'NoticeIssued',
      'NoticeAcknowledged',
      'ProgressNoteAdded',
      'ProgressNoteAdded',
      'ItemRectified',
      'ItemRectified',
      'ItemRejected',
      'ItemVerified',
      'ItemRectified',
      'ItemVerified',
      'NoticeClosed',
    ]);
    // Anything on a closed notice is refused, and nothing is appended.
    const late = await call('clerkA', 'POST', `notices/${id}/progress`, { text: '补充说明' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('NOTICE.CLOSED');
    expect((await get(id)).body.revision).toBe(closed.body.revision);

    await settled();
    const list = await call('countySup', 'GET', `notices?targetOrgId=twp-a&status=closed&light=closed_on_time`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, status: 'closed', deadline: expect.objectContaining({ light: 'closed_on_time' }) })]));

    const stats = await call('countySup', 'GET', 'supervision/stats?supervisorOrgId=county&period=2026-Q4');
    expect(stats.status).toBe(200);
    const rowA = stats.body.rows.find((row: { orgId: string }) => row.orgId === 'twp-a');
    expect(rowA).toMatchObject({ orgName: 'twp-a 党委', closed: 1, closedOnTime: 1, reworkCount: 1, averageDaysToClose: 10 });
    expect(rowA.issued).toBeGreaterThanOrEqual(1);
    expect(stats.body.rows.find((row: { orgId: string }) => row.orgId === 'twp-b')).toMatchObject({ issued: 0, closed: 0, onTimeRate: null });
  });

  it('counts working days across the National Day holiday and the 10-10 make-up working day', async () => {
    // Wednesday 2026-09-30, 10:00 in Shanghai. Oct 1-7 are off; Oct 8 (Thu), Oct 9 (Fri) and the
    // make-up Saturday Oct 10 are the three working days.
    app.clock.set('2026-09-30T02:00:00.000Z');
    const three = await issue({ dueDate: undefined, dueInWorkingDays: 3 });
    expect(three.status).toBe(201);
    const notice = await get(three.body.id);
    expect(notice.body.deadline).toMatchObject({ dueAt: '2026-10-10T15:59:59.999Z', originalDueAt: '2026-10-10T15:59:59.999Z', calendarVersion: '2026.1' });
    // Sunday Oct 11 is a weekend day again: the fourth working day is Monday Oct 12.
    const four = await issue({ dueDate: undefined, dueInWorkingDays: 4 });
    expect((await get(four.body.id)).body.deadline.dueAt).toBe('2026-10-12T15:59:59.999Z');
    // Friday 2026-09-18: Saturday is off, Sunday 09-20 is a make-up working day.
    app.clock.set('2026-09-18T08:00:00.000Z');
    const sunday = await issue({ dueDate: undefined, dueInWorkingDays: 1 });
    expect((await get(sunday.body.id)).body.deadline.dueAt).toBe('2026-09-20T15:59:59.999Z');

    // The light is computed when read, from the clock.
    app.clock.set('2026-10-01T00:00:00.000Z');
    expect((await get(three.body.id)).body.deadline.light).toBe('green');
    app.clock.set('2026-10-08T00:00:00.000Z');
    expect((await get(three.body.id)).body.deadline.light).toBe('yellow');
    app.clock.set('2026-10-11T00:00:00.000Z');
    expect((await get(three.body.id)).body.deadline.light).toBe('red');

    await settled();
    const red = await call('countySup', 'GET', 'notices?light=red&targetOrgId=twp-a');
    expect(red.body.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([three.body.id, sunday.body.id]));
    expect(red.body.map((n: { id: string }) => n.id)).not.toContain(four.body.id);
    // Another read model (the deadline board): retried for a few seconds.
    await eventually(async () => {
      const board = await call('countySup', 'GET', 'deadlines?kind=notice&light=red');
      expect(board.status).toBe(200);
      expect(board.body.map((row: { subjectId: string }) => row.subjectId)).toEqual(expect.arrayContaining([three.body.id, sunday.body.id]));
    });
  });

  it('refuses a due time given twice, none, or in the past', async () => {
    expect((await issue({ dueInWorkingDays: 3 })).status).toBe(400);
    expect((await issue({ dueDate: undefined })).status).toBe(400);
    expect((await issue({ dueDate: '2026-10-01' })).status).toBe(400);
    expect((await issue({ dueDate: undefined, dueAt: 'tomorrow' })).status).toBe(400);
    expect((await issue({ dueDate: undefined, dueAt: '2026-11-20T10:00:00' })).status).toBe(400); // no zone: which 10 o'clock?
    expect((await issue({ dueDate: undefined, dueAt: '2026-11-20T10:00:00+08:00' })).status).toBe(201);
    expect((await issue({ items: [] })).status).toBe(400);
  });

  it('handles extension requests: deny, grant, and the MAX_EXTENSIONS limit', async () => {
    const id = await issued();
    expect((await call('clerkA', 'POST', `notices/${id}/acknowledge`)).status).toBe(200);
    const first = await call('clerkA', 'POST', `notices/${id}/extension-requests`, { requestedDueAt: '2026-11-30T10:00:00.000Z', reason: '换届期间' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ requestId: '1', revision: 2 });
    // Only the issuer decides; a second request waits for the first.
    expect((await call('clerkA', 'POST', `notices/${id}/extension-requests/1/grant`)).status).toBe(403);
    expect((await call('clerkA', 'POST', `notices/${id}/extension-requests`, { requestedDueAt: '2026-12-01T10:00:00.000Z', reason: '再延' })).status).toBe(409);
    expect((await call('countySup', 'POST', `notices/${id}/extension-requests/1/deny`, { reason: '理由不充分' })).status).toBe(200);
    expect((await call('countySup', 'POST', `notices/${id}/extension-requests/1/grant`)).status).toBe(409);

    const second = await call('clerkA', 'POST', `notices/${id}/extension-requests`, { requestedDueAt: '2026-11-30T10:00:00.000Z', reason: '村两委换届，需延期' });
    expect(second.body).toMatchObject({ requestId: '2' });
    const granted = await call('countySup', 'POST', `notices/${id}/extension-requests/2/grant`);
    expect(granted.status).toBe(200);
    const notice = await get(id);
    expect(notice.body.deadline).toMatchObject({ originalDueAt: '2026-11-20T15:59:59.999Z', dueAt: '2026-11-30T10:00:00.000Z', extensions: 1 });
    expect(notice.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'NoticeIssued', 'NoticeAcknowledged', 'ExtensionRequested', 'ExtensionDenied', 'ExtensionRequested', 'ExtensionGranted',
    ]);

    const third = await call('clerkA', 'POST', `notices/${id}/extension-requests`, { requestedDueAt: '2026-12-10T10:00:00.000Z', reason: '还需时间' });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('NOTICE.EXTENSION_LIMIT');
    expect((await call('countySup', 'POST', `notices/${id}/extension-requests/7/grant`)).status).toBe(404);
    // After the due time an extension can no longer be asked for.
    const other = await issued({ dueDate: '2026-11-05' });
    await call('clerkA', 'POST', `notices/${other}/acknowledge`);
    app.clock.set('2026-11-06T01:00:00.000Z');
    const tooLate = await call('clerkA', 'POST', `notices/${other}/extension-requests`, { requestedDueAt: '2026-11-30T10:00:00.000Z', reason: '晚了' });
    expect(tooLate.body.code).toBe('NOTICE.EXTENSION_TOO_LATE');
  });

  it('lets the issuer withdraw a notice with a reason; nothing else happens to it afterwards', async () => {
    const id = await issued();
    expect((await call('clerkA', 'POST', `notices/${id}/withdraw`, { reason: '误发' })).status).toBe(403);
    expect((await call('countySup', 'POST', `notices/${id}/withdraw`, {})).status).toBe(400);
    const withdrawn = await call('countySup', 'POST', `notices/${id}/withdraw`, { reason: '通知内容有误，重新下发' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ id, revision: 1, status: 'withdrawn' });
    const ack = await call('clerkA', 'POST', `notices/${id}/acknowledge`);
    expect(ack.status).toBe(409);
    expect(ack.body.code).toBe('NOTICE.WITHDRAWN');
    const notice = await get(id);
    expect(notice.body).toMatchObject({ status: 'withdrawn', withdrawReason: '通知内容有误，重新下发', revision: 1 });
    expect(notice.body.timeline.at(-1)).toMatchObject({ type: 'NoticeWithdrawn' });
    await settled();
    const listed = await call('countySup', 'GET', 'notices?status=withdrawn');
    expect(listed.body.map((n: { id: string }) => n.id)).toContain(id);
  });

  it('replays an idempotent retry without appending anything', async () => {
    const key = `issue-${randomUUID()}`;
    const first = await issue({}, 'countySup', { 'idempotency-key': key });
    const again = await issue({}, 'countySup', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const id = first.body.id as string;
    expect((await get(id)).body.revision).toBe(0);

    const ackKey = `ack-${randomUUID()}`;
    const ack1 = await call('clerkA', 'POST', `notices/${id}/acknowledge`, undefined, { 'idempotency-key': ackKey });
    const ack2 = await call('clerkA', 'POST', `notices/${id}/acknowledge`, undefined, { 'idempotency-key': ackKey });
    expect(ack1.status).toBe(200);
    expect(ack2.status).toBe(200);
    expect(ack2.body).toEqual(ack1.body);
    const notice = await get(id);
    expect(notice.body.revision).toBe(1);
    expect(notice.body.timeline).toHaveLength(2);
  });

  it('recovers a key whose answer was lost in a crash: a recent claim is 409, an old one is taken over and answered from the notice it created', async () => {
    const key = `crash-${randomUUID()}`;
    const first = await issue({}, 'countySup', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // As if the process had died after the append, before storing the answer.
    const lose = (age: string) =>
      app.database.pool.query(
        `update platform.idempotency_keys set state = 'pending', status_code = null, response = null, created_at = now() - $2::interval where key = $1`,
        [key, age],
      );
    await lose('1 second');
    const inProgress = await issue({}, 'countySup', { 'idempotency-key': key });
    expect(inProgress.status).toBe(409);
    expect(inProgress.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
    await lose('10 minutes');
    const recovered = await issue({}, 'countySup', { 'idempotency-key': key });
    expect(recovered.status).toBe(201);
    expect(recovered.body).toEqual(first.body);
    const { rows } = await app.database.pool.query(`select count(*)::int as n from es.events where type = 'NoticeIssued' and metadata->>'idempotencyKey' = $1`, [key]);
    expect(rows[0].n).toBe(1);
  });

  it('runs a command only at the revision given in If-Match (stale -> 412)', async () => {
    const id = await issued();
    const stale = await call('clerkA', 'POST', `notices/${id}/acknowledge`, undefined, { 'if-match': '"3"' });
    expect(stale.status).toBe(412);
    expect((await get(id)).body.revision).toBe(0);
    const current = await call('clerkA', 'POST', `notices/${id}/acknowledge`, undefined, { 'if-match': '"0"' });
    expect(current.status).toBe(200);
    const stale2 = await call('clerkA', 'POST', `notices/${id}/progress`, { text: '进展' }, { 'if-match': '0' });
    expect(stale2.status).toBe(412);
  });

  it('lets exactly one of ten concurrent verifications of one item win; the rest get 409', async () => {
    const id = await issued({ items: [{ problem: '阵地建设不达标', requiredAction: '整改活动场所' }] });
    await call('clerkA', 'POST', `notices/${id}/acknowledge`);
    await call('clerkA', 'POST', `notices/${id}/items/1/rectification`, { evidence: '场所已整改，照片附后' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => call('countySup', 'POST', `notices/${id}/items/1/verify`)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const notice = await get(id);
    expect(notice.body.status).toBe('closed');
    expect(notice.body.timeline.filter((e: { type: string }) => e.type === 'ItemVerified')).toHaveLength(1);
  });

  it('keeps notices inside the subtree: outsiders get 404, non-supervisors 403', async () => {
    const id = await issued();
    expect((await get(id, 'clerkA')).status).toBe(200);
    expect((await get(id, 'supA')).status).toBe(200);
    expect((await get(id, 'countyViewer')).status).toBe(200);
    // Another township and the township's own village do not see it at all.
    const other = await get(id, 'clerkB');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect((await get(id, 'clerkVillage')).status).toBe(404);
    expect((await call('clerkB', 'POST', `notices/${id}/acknowledge`)).status).toBe(404);
    // Malformed and unknown ids are 404, never a 5xx.
    expect((await get('not-a-uuid')).status).toBe(404);
    expect((await get(randomUUID())).status).toBe(404);
    expect((await call('clerkA', 'POST', 'notices/%E2%9C%93/acknowledge')).status).toBe(404);
    expect((await call('clerkA', 'POST', `notices/${id}/items/${'9'.repeat(40)}/rectification`, { evidence: 'x' })).status).toBe(404);

    // Issuing: only a supervisor of the direct parent.
    expect((await issue({ targetOrgId: 'vil-a1' })).status).toBe(403);
    expect((await issue({}, 'countyViewer')).status).toBe(403);
    expect((await issue({ targetOrgId: 'twp-b' }, 'supA')).status).toBe(404);
    expect((await issue({ targetOrgId: 'no-such-org' })).status).toBe(404);
    const village = await issue({ targetOrgId: 'vil-a1' }, 'supA');
    expect(village.status).toBe(201);
    expect((await get(village.body.id, 'clerkVillage')).status).toBe(200);
    expect((await get(village.body.id, 'clerkB')).status).toBe(404);

    await settled();
    const seenByB = await call('clerkB', 'GET', 'notices');
    expect(seenByB.status).toBe(200);
    expect(seenByB.body.map((n: { id: string }) => n.id)).not.toContain(id);
    const seenByVillage = await call('clerkVillage', 'GET', 'notices');
    expect(seenByVillage.body.map((n: { id: string }) => n.id)).toEqual([village.body.id]);
    expect((await call('clerkB', 'GET', 'notices?targetOrgId=twp-a')).status).toBe(404);
    expect((await call('clerkB', 'GET', 'supervision/stats?supervisorOrgId=county&period=2026-Q4')).status).toBe(404);
    expect((await call('countySup', 'GET', 'supervision/stats?supervisorOrgId=county&period=2026-Q5')).status).toBe(400);
  });

  it('the board shows each caller its own subtree, at every depth of the tree', async () => {
    const toTownshipA = await issued({ targetOrgId: 'twp-a' });
    const toTownshipB = await issued({ targetOrgId: 'twp-b' });
    const toVillage = await issue({ targetOrgId: 'vil-a1' }, 'supA');
    expect(toVillage.status).toBe(201);
    const all = [toTownshipA, toTownshipB, toVillage.body.id as string];
    const seen = async (user: UserName, query = '') => {
      const board = await call(user, 'GET', `deadlines?kind=notice&limit=500${query}`);
      expect(board.status).toBe(200);
      const ids = board.body.map((row: { subjectId: string }) => row.subjectId) as string[];
      return all.filter((id) => ids.includes(id));
    };
    await eventually(async () => expect(await seen('countySup')).toEqual(all));
    expect(await seen('supA')).toEqual([toTownshipA, toVillage.body.id]);
    expect(await seen('clerkB')).toEqual([toTownshipB]);
    expect(await seen('clerkVillage')).toEqual([toVillage.body.id]);
    expect(await seen('countySup', '&orgId=twp-a')).toEqual([toTownshipA, toVillage.body.id]);
    expect(await seen('supA', '&orgId=vil-a1')).toEqual([toVillage.body.id]);
    expect((await call('supA', 'GET', 'deadlines?orgId=twp-b')).status).toBe(404);
  });
});

import { ProjectionHost } from '@app/platform';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/**
 * A client that writes and at once reads sees its write, with no settle() in between: commands
 * check organisations against their streams, and queries wait (READ_WAIT_MS) for the read models.
 */
describe('read your writes over HTTP (no waiting in the client)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('registers a township and at once lists it, reads it, gives it users and issues it a notice that is on the board', async () => {
    const created = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'twp-ryw', name: '即时镇党委', kind: 'township', parentId: 'county' },
    });
    expect(created.status).toBe(201);
    expect((await app.request('GET', 'organizations/twp-ryw', { token: admin })).body).toMatchObject({ id: 'twp-ryw', ancestors: ['county'] });
    const listed = await app.request('GET', 'organizations?parentId=county', { token: admin });
    expect(listed.body.map((o: { id: string }) => o.id)).toContain('twp-ryw');

    // Created over HTTP and signed in at once (signInAs fails unless the user is created: 201).
    const supervisor = await app.signInAs('sup-ryw', 'county', ['supervisor']);
    const notice = await app.request('POST', 'notices', {
      token: supervisor,
      body: { targetOrgId: 'twp-ryw', title: '即时督办', items: [{ problem: '台账不全', requiredAction: '补齐台账' }], dueDate: '2026-11-20' },
    });
    expect(notice.status).toBe(201);
    const board = await app.request('GET', 'deadlines', { token: supervisor });
    expect(board.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'notice', subjectId: notice.body.id, orgId: 'twp-ryw' })]));
    // The board found it by the target's path in the tree, not by the fallback for rows without one.
    const { rows } = await app.database.pool.query('select target_path from read.deadlines where subject_id = $1', [notice.body.id]);
    expect(rows).toEqual([{ target_path: ['county', 'twp-ryw'] }]);
    // A row without a path (written before paths existed) is still on the board, by the tree join.
    await app.database.pool.query('update read.deadlines set target_path = null where subject_id = $1', [notice.body.id]);
    const fallback = await app.request('GET', 'deadlines?orgId=twp-ryw', { token: supervisor });
    expect(fallback.body.map((d: { subjectId: string }) => d.subjectId)).toEqual([notice.body.id]);
    const list = await app.request('GET', 'notices?targetOrgId=twp-ryw', { token: supervisor });
    expect(list.body.map((n: { id: string }) => n.id)).toEqual([notice.body.id]);
    const timeline = await app.request('GET', 'orgs/twp-ryw/timeline', { token: admin });
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toContain('NoticeIssued');
  });
});

describe('read your writes when a read model is stuck', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { READ_WAIT_MS: '2000' } });
    admin = await app.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('waits for a stopped read model once, then answers at once until it moves again', async () => {
    await app.settle();
    const timeline = app.app.get(ProjectionHost).runner('access.timeline');
    await timeline.stop(); // as if it had stopped on a bad event
    const created = await app.request('POST', 'organizations', { token: admin, body: { id: 'twp-stuck', name: '停滞镇党委', kind: 'township', parentId: 'county' } });
    expect(created.status).toBe(201);
    const timed = async () => {
      const started = Date.now();
      const response = await app.request('GET', 'organizations?parentId=county', { token: admin });
      expect(response.status).toBe(200);
      return Date.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(1_900);
    expect(await timed()).toBeLessThan(1_500);
    // Running again, it catches up, and reads wait for it as before.
    timeline.start();
    await app.settle();
    const after = await app.request('GET', 'orgs/twp-stuck/timeline', { token: admin });
    expect(after.body.entries.map((e: { type: string }) => e.type)).toContain('OrganizationRegistered');
  });
});

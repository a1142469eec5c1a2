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

    const user = await app.request('POST', 'users', {
      token: admin,
      body: { username: 'sup-ryw', password: 'password-123', orgId: 'county', roles: ['supervisor'] },
    });
    expect(user.status).toBe(201);
    const supervisor = await app.login('sup-ryw', 'password-123');
    const notice = await app.request('POST', 'notices', {
      token: supervisor,
      body: { targetOrgId: 'twp-ryw', title: '即时督办', items: [{ problem: '台账不全', requiredAction: '补齐台账' }], dueDate: '2026-11-20' },
    });
    expect(notice.status).toBe(201);
    const board = await app.request('GET', 'deadlines', { token: supervisor });
    expect(board.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'notice', subjectId: notice.body.id, orgId: 'twp-ryw' })]));
    const list = await app.request('GET', 'notices?targetOrgId=twp-ryw', { token: supervisor });
    expect(list.body.map((n: { id: string }) => n.id)).toEqual([notice.body.id]);
    const timeline = await app.request('GET', 'orgs/twp-ryw/timeline', { token: admin });
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toContain('NoticeIssued');
  });
});

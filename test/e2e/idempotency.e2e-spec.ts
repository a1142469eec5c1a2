import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

const eventCount = async (app: TestApp) => (await app.database.pool.query('select count(*)::int as n from es.events')).rows[0].n as number;

describe('Idempotency-Key and If-Match (HTTP)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login(ADMIN.username, ADMIN.password);
    const created = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'twp-a', name: '甲镇党委', kind: 'township', parentId: 'county' },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a retry with the same key and body gets the first answer and appends nothing', async () => {
    const body = { id: 'vil-1', name: '一村', kind: 'village', parentId: 'twp-a' };
    const headers = { 'idempotency-key': 'register-vil-1' };
    const first = await app.request('POST', 'organizations', { token: admin, body, headers });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: 'vil-1', revision: 0 });
    const after = await eventCount(app);
    const retry = await app.request('POST', 'organizations', { token: admin, body, headers });
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventCount(app)).toBe(after);
  });

  it('replays a refusal too: the retry of a 409 is the same 409', async () => {
    const body = { id: 'twp-a', name: '重复', kind: 'township', parentId: 'county' };
    const headers = { 'idempotency-key': 'duplicate-twp-a' };
    const first = await app.request('POST', 'organizations', { token: admin, body, headers });
    const retry = await app.request('POST', 'organizations', { token: admin, body, headers });
    expect(first.status).toBe(409);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe(first.body.code);
  });

  it('the same key with another body is a 409 and appends nothing', async () => {
    const headers = { 'idempotency-key': 'secretary-1' };
    const first = await app.request('POST', 'organizations/vil-1/secretary', { token: admin, body: { name: '张三' }, headers });
    expect(first.status).toBe(200);
    const before = await eventCount(app);
    const other = await app.request('POST', 'organizations/vil-1/secretary', { token: admin, body: { name: '李四' }, headers });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await eventCount(app)).toBe(before);
  });

  it('keys belong to their user: another user with the same key is not answered from it', async () => {
    // signInAs fails unless the user is created (201).
    const other = await app.signInAs('second-admin', 'county', ['admin']);
    const response = await app.request('POST', 'organizations', {
      token: other,
      body: { id: 'vil-2', name: '二村', kind: 'village', parentId: 'twp-a' },
      headers: { 'idempotency-key': 'register-vil-1' },
    });
    expect(response.status).toBe(201);
    expect(response.body.id).toBe('vil-2');
  });

  it('If-Match with the current revision succeeds; a stale one is 412 and appends nothing', async () => {
    const current = await app.request('POST', 'organizations/vil-1/rename', {
      token: admin,
      body: { name: '一村（新）' },
      headers: { 'if-match': '1' },
    });
    expect(current.status).toBe(200);
    expect(current.body.revision).toBe(2);
    const before = await eventCount(app);
    const stale = await app.request('POST', 'organizations/vil-1/rename', {
      token: admin,
      body: { name: '一村（再新）' },
      headers: { 'if-match': '1' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ code: 'REQUEST.REVISION_MISMATCH', actualRevision: 2 });
    expect(await eventCount(app)).toBe(before);
    const quoted = await app.request('POST', 'organizations/vil-1/rename', {
      token: admin,
      body: { name: '一村（再新）' },
      headers: { 'if-match': '"2"' },
    });
    expect(quoted.status).toBe(200);
  });

  it('an If-Match that is not a revision is a 400', async () => {
    const bad = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'vil-3', name: '三村', kind: 'village', parentId: 'twp-a' },
      headers: { 'if-match': 'yesterday' },
    });
    expect(bad.status).toBe(400);
  });

  it('every appended event carries actor, organisation, roles, correlation and causation ids and idempotency key', async () => {
    const response = await app.request('POST', 'organizations/vil-1/backward', {
      token: admin,
      body: { reason: '软弱涣散' },
      headers: { 'idempotency-key': 'backward-vil-1', 'x-request-id': 'corr-backward-1' },
    });
    expect(response.status).toBe(200);
    const { rows } = await app.database.pool.query(
      `select metadata from es.events where stream_id = 'org-vil-1' and type = 'OrganizationDesignatedBackward'`,
    );
    expect(rows[0].metadata).toMatchObject({
      actorId: 'admin',
      actorOrgId: 'county',
      actorRoles: ['admin'],
      correlationId: 'corr-backward-1',
      causationId: 'corr-backward-1',
      idempotencyKey: 'backward-vil-1',
    });
    // Several requests of one piece of work share a correlation id; each request is its events' cause.
    const restored = await app.request('POST', 'organizations/vil-1/restore', {
      token: admin,
      body: {},
      headers: { 'x-request-id': 'req-restore-1', 'x-correlation-id': 'corr-backward-1' },
    });
    expect(restored.status).toBe(200);
    const { rows: after } = await app.database.pool.query(`select metadata from es.events where stream_id = 'org-vil-1' order by stream_revision desc limit 1`);
    expect(after[0].metadata).toMatchObject({ correlationId: 'corr-backward-1', causationId: 'req-restore-1' });
  });
});

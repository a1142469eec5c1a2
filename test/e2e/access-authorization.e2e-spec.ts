import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/*
 * The authorization matrix over HTTP: every role × where the target sits relative to the
 * caller's organisation × read / supervise / administer. Tree:
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b ── vil-b1
 */
const ROLES = ['admin', 'supervisor', 'clerk', 'viewer'] as const;
type Role = (typeof ROLES)[number];

const RELATIONS = {
  own: { actorOrg: 'twp-a', target: 'twp-a' },
  child: { actorOrg: 'twp-a', target: 'vil-a1' },
  grandchild: { actorOrg: 'county', target: 'vil-a1' },
  sibling: { actorOrg: 'twp-a', target: 'twp-b' },
  parent: { actorOrg: 'twp-a', target: 'county' },
  "sibling's child": { actorOrg: 'twp-a', target: 'vil-b1' },
} as const;
type Relation = keyof typeof RELATIONS;

const INSIDE: Relation[] = ['own', 'child', 'grandchild'];
const readable = (role: Role, relation: Relation) => role === 'admin' || INSIDE.includes(relation);

/** Outside the subtree a target does not exist for the caller (404); inside, acting without the right is 403. */
const expectedRead = (role: Role, relation: Relation) => (readable(role, relation) ? 200 : 404);
const expectedSupervise = (role: Role, relation: Relation) => {
  if (!readable(role, relation)) return 404;
  if (role === 'admin') return 200;
  return role === 'supervisor' && relation === 'child' ? 200 : 403;
};
const expectedAdminister = (role: Role, relation: Relation) => (!readable(role, relation) ? 404 : role === 'admin' ? 200 : 403);

const cases = ROLES.flatMap((role) => (Object.keys(RELATIONS) as Relation[]).map((relation) => [role, relation] as const));

describe('authorization matrix (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = new Map<string, string>();
  const token = (role: Role, org: string) => tokens.get(`${role}@${org}`)!;

  beforeAll(async () => {
    app = await startTestApp();
    const admin = await app.login(ADMIN.username, ADMIN.password);
    for (const [id, kind, parentId] of [
      ['twp-a', 'township', 'county'],
      ['twp-b', 'township', 'county'],
      ['vil-a1', 'village', 'twp-a'],
      ['vil-b1', 'village', 'twp-b'],
    ]) {
      const created = await app.request('POST', 'organizations', { token: admin, body: { id, name: `${id} 党组织`, kind, parentId } });
      expect(created.status).toBe(201);
    }
    const supervisorOfTwpB = await app.request('POST', 'users', {
      token: admin,
      body: { username: 'supervisor-twp-b', password: 'correct-horse-1', orgId: 'twp-b', roles: ['supervisor'] },
    });
    expect(supervisorOfTwpB.status).toBe(201);
    tokens.set('supervisor@twp-b', await app.login('supervisor-twp-b', 'correct-horse-1'));
    for (const org of ['county', 'twp-a']) {
      for (const role of ROLES) {
        const username = `${role}-${org}`;
        const created = await app.request('POST', 'users', {
          token: admin,
          body: { username, password: 'correct-horse-1', orgId: org, roles: [role] },
        });
        expect(created.status).toBe(201);
        tokens.set(`${role}@${org}`, await app.login(username, 'correct-horse-1'));
      }
    }
    await app.settle();
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(cases)('%s reading its %s: GET /organizations/:id', async (role, relation) => {
    const { actorOrg, target } = RELATIONS[relation];
    const response = await app.request('GET', `organizations/${target}`, { token: token(role, actorOrg) });
    expect(response.status).toBe(expectedRead(role, relation));
    if (response.status === 200) expect(response.body).toMatchObject({ id: target });
    else expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each(cases)('%s supervising its %s: POST /organizations/:id/secretary', async (role, relation) => {
    const { actorOrg, target } = RELATIONS[relation];
    const response = await app.request('POST', `organizations/${target}/secretary`, {
      token: token(role, actorOrg),
      body: { name: `书记 ${role} ${relation}` },
    });
    expect(response.status).toBe(expectedSupervise(role, relation));
    if (response.status >= 400) expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each(cases)('%s administering its %s: POST /organizations/:id/rename', async (role, relation) => {
    const { actorOrg, target } = RELATIONS[relation];
    const response = await app.request('POST', `organizations/${target}/rename`, {
      token: token(role, actorOrg),
      body: { name: `${target} 改名 ${role}` },
    });
    expect(response.status).toBe(expectedAdminister(role, relation));
  });

  // Acting FOR an organisation (a clerk's act): acknowledging a notice addressed to it. A root
  // receives no notice, so the "parent" column (the county) has no case here.
  const issuerOf: Record<string, string> = { 'twp-a': 'county', 'twp-b': 'county', 'vil-a1': 'twp-a', 'vil-b1': 'twp-b' };
  const expectedActFor = (role: Role, relation: Relation) => (!readable(role, relation) ? 404 : role === 'clerk' && relation === 'own' ? 200 : 403);
  it.each(cases.filter(([, relation]) => relation !== 'parent'))('%s acting for its %s: POST /notices/:id/acknowledge', async (role, relation) => {
    const { actorOrg, target } = RELATIONS[relation];
    const issued = await app.request('POST', 'notices', {
      token: token('supervisor', issuerOf[target]!),
      body: { targetOrgId: target, title: `整改 ${role} ${relation}`, items: [{ problem: '三会一课记录不全', requiredAction: '补齐记录' }], dueInWorkingDays: 10 },
    });
    expect(issued.status).toBe(201);
    const response = await app.request('POST', `notices/${issued.body.id}/acknowledge`, { token: token(role, actorOrg) });
    expect(response.status).toBe(expectedActFor(role, relation));
  });

  it.each(ROLES)('%s may create users and organisations only as admin', async (role) => {
    const user = await app.request('POST', 'users', {
      token: token(role, 'twp-a'),
      body: { username: `made-by-${role}`, password: 'correct-horse-1', orgId: 'vil-a1', roles: ['viewer'] },
    });
    const org = await app.request('POST', 'organizations', {
      token: token(role, 'twp-a'),
      body: { id: `org-by-${role}`, name: '新村', kind: 'village', parentId: 'twp-a' },
    });
    expect([user.status, org.status]).toEqual(role === 'admin' ? [201, 201] : [403, 403]);
  });

  it('changes roles and disables users only as admin (the user policy, asked before the user is read)', async () => {
    const created = await app.request('POST', 'users', {
      token: token('admin', 'county'),
      body: { username: 'bystander', password: 'correct-horse-1', orgId: 'vil-a1', roles: ['viewer'] },
    });
    expect(created.status).toBe(201);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const username of ['bystander', 'nobody-at-all']) {
        const roles = await app.request('POST', `users/${username}/roles`, { token: token(role, 'twp-a'), body: { roles: ['clerk'] } });
        const disabled = await app.request('POST', `users/${username}/disable`, { token: token(role, 'twp-a'), body: {} });
        expect([role, username, roles.status, roles.body.code, disabled.status, disabled.body.code]).toEqual([role, username, 403, 'ACCESS.FORBIDDEN', 403, 'ACCESS.FORBIDDEN']);
      }
    }
    const roles = await app.request('POST', 'users/bystander/roles', { token: token('admin', 'twp-a'), body: { roles: ['clerk'] } });
    expect(roles.status).toBe(200);
  });

  it('the secretary appointed by the supervisor is what the child shows', async () => {
    await app.settle();
    const child = await app.request('GET', 'organizations/vil-a1', { token: token('viewer', 'twp-a') });
    expect(child.body.secretary).toEqual({ name: expect.stringMatching(/^书记 /), userId: null });
  });

  describe('lists are filtered by scope in the query', () => {
    const ids = async (tokenValue: string, query = '') =>
      ((await app.request('GET', `organizations${query}`, { token: tokenValue })).body as Array<{ id: string }>).map((o) => o.id).sort();

    it('a township viewer lists its own subtree only', async () => {
      await app.settle();
      expect(await ids(token('viewer', 'twp-a'))).toEqual(expect.arrayContaining(['twp-a', 'vil-a1']));
      const listed = await ids(token('viewer', 'twp-a'));
      expect(listed).not.toContain('twp-b');
      expect(listed).not.toContain('vil-b1');
      expect(listed).not.toContain('county');
    });

    it('filtering by a parent outside the scope shows only what is inside', async () => {
      expect(await ids(token('clerk', 'twp-a'), '?parentId=county')).toEqual(['twp-a']);
      expect(await ids(token('clerk', 'twp-a'), '?parentId=twp-b')).toEqual([]);
    });

    it('the county sees the whole tree; an admin anywhere sees everything', async () => {
      const all = ['county', 'twp-a', 'twp-b', 'vil-a1', 'vil-b1'];
      expect(await ids(token('viewer', 'county'))).toEqual(expect.arrayContaining(all));
      expect(await ids(token('admin', 'twp-a'))).toEqual(expect.arrayContaining(all));
      expect(await ids(token('supervisor', 'county'), '?parentId=county')).toEqual(['twp-a', 'twp-b']);
    });
  });

  it('registration refuses a duplicate (409) and an unknown parent (422)', async () => {
    const admin = token('admin', 'county');
    const duplicate = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'twp-a', name: '重复', kind: 'township', parentId: 'county' },
    });
    expect(duplicate.status).toBe(409);
    const orphan = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'vil-x', name: '孤村', kind: 'village', parentId: 'twp-nowhere' },
    });
    expect(orphan.status).toBe(422);
    expect(orphan.body.code).toBe('ORG.UNKNOWN_PARENT');
  });
});

import { JwtService } from '@nestjs/jwt';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/*
 * Bad input at the command endpoints: every answer is a 4xx application/problem+json, and not
 * one event is appended.
 */
type Auth = 'admin' | 'none' | string;
interface Case {
  name: string;
  method?: string;
  path: string;
  auth?: Auth;
  json?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  status?: number;
}

const json = { 'content-type': 'application/json' };
const csv = { 'content-type': 'text/csv' };
const org = (extra: Record<string, unknown> = {}) => ({ id: 'vil-new', name: '新村', kind: 'village', parentId: 'twp-a', ...extra });
const user = (extra: Record<string, unknown> = {}) => ({ username: 'new-user', password: 'password-123', orgId: 'twp-a', roles: ['viewer'], ...extra });
const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
const otherSecretToken = new JwtService({ secret: 'not-the-server-secret' }).sign({ sub: 'admin', username: 'admin', orgId: 'county', roles: ['admin'] });
const unsignedToken = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
  '{"sub":"admin","username":"admin","orgId":"county","roles":["admin"]}',
).toString('base64url')}.`;
const SOME_ID = '01900000-0000-7000-8000-000000000000';
const manyRows = ['id,name,kind,parentId', ...Array.from({ length: 10_001 }, (_, i) => `v-${i},村${i},village,twp-a`)].join('\n');

const CASES: Case[] = [
  // not JSON, not an object
  { name: 'malformed JSON', path: 'organizations', raw: '{"id": "vil-new",', headers: json, status: 400 },
  { name: 'empty JSON body', path: 'organizations', raw: '', headers: json },
  { name: 'JSON null', path: 'organizations', raw: 'null', headers: json, status: 400 },
  { name: 'JSON array', path: 'organizations', raw: JSON.stringify([org()]), headers: json, status: 400 },
  { name: 'JSON string', path: 'organizations', raw: '"vil-new"', headers: json, status: 400 },
  { name: 'JSON number', path: 'organizations', raw: '42', headers: json, status: 400 },
  { name: 'JSON boolean', path: 'users', raw: 'true', headers: json, status: 400 },
  { name: 'trailing garbage after JSON', path: 'organizations', raw: `${JSON.stringify(org())}xyz`, headers: json, status: 400 },
  { name: 'JSON with a BOM and junk', path: 'organizations', raw: '\uFEFF{\u0000}', headers: json },
  // wrong content types
  { name: 'text/plain body', path: 'organizations', raw: JSON.stringify(org()), headers: { 'content-type': 'text/plain' }, status: 400 },
  { name: 'XML body', path: 'organizations', raw: '<org id="x"/>', headers: { 'content-type': 'application/xml' }, status: 415 },
  { name: 'form body', path: 'organizations', raw: 'id=vil-new&name=x&kind=village&parentId=twp-a&x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { name: 'multipart body', path: 'users', raw: '--b\r\n\r\nx\r\n--b--', headers: { 'content-type': 'multipart/form-data; boundary=b' }, status: 415 },
  { name: 'JSON sent to the CSV import', path: 'organizations/import', json: { csv: 'id,name,kind,parentId' }, status: 400 },
  { name: 'CSV sent to a JSON endpoint', path: 'organizations', raw: 'id,name,kind,parentId\nvil-new,新村,village,twp-a', headers: csv, status: 400 },
  // shape
  { name: 'empty object', path: 'organizations', json: {}, status: 400 },
  { name: 'unknown property', path: 'organizations', json: org({ admin: true }), status: 400 },
  { name: '__proto__ property', path: 'organizations', raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(org()).slice(1)}`, headers: json, status: 400 },
  { name: 'constructor property', path: 'users', json: user({ constructor: { prototype: { x: 1 } } }), status: 400 },
  { name: 'deeply nested unknown property', path: 'organizations', json: org({ extra: nested(500) }), status: 400 },
  { name: 'JSON nested 100 000 deep', path: 'organizations', raw: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, headers: json, status: 400 },
  { name: 'id as a number', path: 'organizations', json: org({ id: 12345 }), status: 400 },
  { name: 'name as an array', path: 'organizations', json: org({ name: ['新村'] }), status: 400 },
  { name: 'kind not a kind', path: 'organizations', json: org({ kind: 'hamlet' }), status: 400 },
  { name: 'parentId as an object', path: 'organizations', json: org({ parentId: { $ne: null } }), status: 400 },
  { name: 'id too long', path: 'organizations', json: org({ id: 'v'.repeat(65) }), status: 400 },
  { name: 'id with a path', path: 'organizations', json: org({ id: '../../etc/passwd' }), status: 400 },
  { name: 'id with unicode junk and NUL', path: 'organizations', json: org({ id: '村🙂\u0000\u202e' }), status: 400 },
  { name: 'name too long', path: 'organizations', json: org({ name: '村'.repeat(101) }), status: 400 },
  { name: 'name of 100 000 characters', path: 'organizations', json: org({ name: 'x'.repeat(100_000) }), status: 400 },
  { name: 'name of control characters', path: 'organizations', json: org({ name: '\u0001\u0007\u001b' }), status: 400 },
  { name: 'bad date in an unknown field', path: 'organizations', json: org({ registeredAt: '2026-13-45T25:61:00Z' }), status: 400 },
  { name: 'a county with a parent', path: 'organizations', json: org({ kind: 'county', id: 'county-2' }), status: 400 },
  { name: 'an unknown parent', path: 'organizations', json: org({ parentId: 'twp-nowhere' }), status: 422 },
  // users
  { name: 'roles not an array', path: 'users', json: user({ roles: 'admin' }), status: 400 },
  { name: 'roles empty', path: 'users', json: user({ roles: [] }), status: 400 },
  { name: 'an unknown role', path: 'users', json: user({ roles: ['root'] }), status: 400 },
  { name: 'a huge roles array', path: 'users', json: user({ roles: Array.from({ length: 10_000 }, () => 'viewer') }), status: 400 },
  { name: 'password too short', path: 'users', json: user({ password: 'short' }), status: 400 },
  { name: 'password too long', path: 'users', json: user({ password: 'p'.repeat(1000) }), status: 400 },
  { name: 'password as an object', path: 'users', json: user({ password: { $gt: '' } }), status: 400 },
  { name: 'username with spaces and capitals', path: 'users', json: user({ username: 'New User' }), status: 400 },
  { name: 'username of 1000 characters', path: 'users', json: user({ username: 'u'.repeat(1000) }), status: 400 },
  { name: 'user of an unknown organisation', path: 'users', json: user({ orgId: 'nowhere' }), status: 422 },
  { name: 'disable an odd username', path: 'users/%00/disable', json: {}, status: 400 },
  { name: 'disable an unknown user', path: 'users/nobody-at-all/disable', json: {}, status: 404 },
  { name: 'roles change with an unknown property', path: 'users/admin/roles', json: { roles: ['admin'], sudo: true }, status: 400 },
  // path parameters
  { name: 'NUL in the id', path: 'organizations/%00/secretary', json: { name: '张三' }, status: 404 },
  { name: 'dot-dot in the id', path: 'organizations/..%2F..%2Fetc/secretary', json: { name: '张三' }, status: 404 },
  { name: 'encoded dot-dot as the id', path: 'organizations/%2E%2E/secretary', json: { name: '张三' }, status: 404 },
  { name: 'a 300-character id', path: `organizations/${'a'.repeat(300)}/secretary`, json: { name: '张三' }, status: 414 },
  { name: 'broken percent-encoding', path: 'organizations/%E0%A4%A/secretary', json: { name: '张三' }, status: 400 },
  { name: 'unicode junk in the id', path: `organizations/${encodeURIComponent('村🙂\u202e')}/secretary`, json: { name: '张三' }, status: 404 },
  { name: 'an unknown organisation', path: 'organizations/no-such-org/secretary', json: { name: '张三' }, status: 404 },
  { name: 'SQL in the id', path: `organizations/${encodeURIComponent("x' or '1'='1")}/rename`, json: { name: '注入' }, status: 404 },
  // bodies of the other organisation commands
  { name: 'secretary with an empty name', path: 'organizations/twp-a/secretary', json: { name: '' }, status: 400 },
  { name: 'secretary name too long', path: 'organizations/twp-a/secretary', json: { name: '张'.repeat(51) }, status: 400 },
  { name: 'secretary name as a number', path: 'organizations/twp-a/secretary', json: { name: 123 }, status: 400 },
  { name: 'secretary userId as an object', path: 'organizations/twp-a/secretary', json: { name: '张三', userId: {} }, status: 400 },
  { name: 'rename to blanks', path: 'organizations/twp-a/rename', json: { name: '   ' }, status: 400 },
  { name: 'merge into a huge id', path: 'organizations/twp-a/merge', json: { intoId: 'x'.repeat(10_000) }, status: 400 },
  { name: 'merge into itself', path: 'organizations/twp-a/merge', json: { intoId: 'twp-a' }, status: 400 },
  { name: 'merge a township into a county', path: 'organizations/twp-a/merge', json: { intoId: 'county' }, status: 422 },
  { name: 'backward without a reason', path: 'organizations/twp-a/backward', json: {}, status: 400 },
  { name: 'plaque with a 10 000-element array', path: 'organizations/twp-a/plaques', json: { plaque: Array(10_000).fill('星'), reason: 'x' }, status: 400 },
  // CSV import
  { name: 'empty CSV', path: 'organizations/import', raw: '', headers: csv },
  { name: 'CSV with the header only', path: 'organizations/import', raw: 'id,name,kind,parentId\n', headers: csv, status: 422 },
  { name: 'CSV with a wrong header', path: 'organizations/import', raw: 'code,title\nx,y\n', headers: csv, status: 422 },
  { name: 'CSV of binary junk', path: 'organizations/import', raw: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x82, 0x0a, 0xc3]), headers: csv, status: 422 },
  { name: 'CSV with an unclosed quote', path: 'organizations/import', raw: 'id,name,kind,parentId\n"vil-q,村,village,twp-a\n', headers: csv, status: 422 },
  { name: 'CSV with too many rows', path: 'organizations/import', raw: manyRows, headers: csv, status: 422 },
  { name: 'CSV larger than the body limit', path: 'organizations/import', raw: 'x'.repeat(2 * 1024 * 1024), headers: csv, status: 413 },
  { name: 'JSON larger than the body limit', path: 'organizations', json: org({ name: 'x'.repeat(2 * 1024 * 1024) }), status: 413 },
  // tokens
  { name: 'no token', path: 'organizations', auth: 'none', json: org(), status: 401 },
  { name: 'garbage token', path: 'organizations', auth: 'garbage', json: org(), status: 401 },
  { name: 'token signed with another secret', path: 'users', auth: otherSecretToken, json: user(), status: 401 },
  { name: 'unsigned (alg none) token', path: 'users', auth: unsignedToken, json: user(), status: 401 },
  { name: 'Basic credentials', path: 'organizations', auth: 'none', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, json: org(), status: 401 },
  { name: 'empty Bearer', path: 'organizations', auth: 'none', headers: { authorization: 'Bearer ' }, json: org(), status: 401 },
  // headers
  { name: 'Idempotency-Key with spaces and unicode', path: 'organizations', json: org(), headers: { 'idempotency-key': 'clé with spaces' }, status: 400 },
  { name: 'Idempotency-Key of 200 characters', path: 'organizations', json: org(), headers: { 'idempotency-key': 'k'.repeat(200) }, status: 400 },
  { name: 'If-Match that is a date', path: 'organizations/twp-a/rename', json: { name: '甲镇' }, headers: { 'if-match': 'Tue, 01 Dec 2026 00:00:00 GMT' }, status: 400 },
  { name: 'If-Match of -1', path: 'organizations/twp-a/rename', json: { name: '甲镇' }, headers: { 'if-match': '-1' }, status: 400 },
  { name: 'a stale If-Match', path: 'organizations/twp-a/rename', json: { name: '甲镇（新）' }, headers: { 'if-match': '7' }, status: 412 },
  // login
  { name: 'login with an empty object', path: 'auth/login', auth: 'none', json: {}, status: 400 },
  { name: 'login with arrays', path: 'auth/login', auth: 'none', json: { username: ['admin'], password: ['x'] }, status: 400 },
  { name: 'login with an unknown property', path: 'auth/login', auth: 'none', json: { ...ADMIN, remember: true }, status: 400 },
  { name: 'login with a 10 000-character password', path: 'auth/login', auth: 'none', json: { username: 'admin', password: 'p'.repeat(10_000) }, status: 400 },
  // commands without a body refuse unknown properties too (before anything is looked up)
  { name: 'acknowledge with an unknown property', path: `notices/${SOME_ID}/acknowledge`, json: { note: '已签收' }, status: 400 },
  { name: 'verify with an unknown property', path: `notices/${SOME_ID}/items/1/verify`, json: { evidence: 'x' }, status: 400 },
  { name: 'grant with an unknown property', path: `notices/${SOME_ID}/extension-requests/1/grant`, json: { dueAt: '2027-01-01T00:00:00Z' }, status: 400 },
  { name: 'acknowledge with a JSON array', path: `notices/${SOME_ID}/acknowledge`, json: [], status: 400 },
  { name: 'submit with an unknown property', path: 'reports/twp-a/2026-Q4/submit', json: { late: false }, status: 400 },
  { name: 'accept with an unknown property', path: 'reports/twp-a/2026-Q4/accept', json: { verdict: 'ok' }, status: 400 },
  { name: 'open a period with an unknown property', path: 'reporting-periods/2026-Q4/open', json: { orgIds: ['twp-a'] }, status: 400 },
  // NUL characters and halves of surrogate pairs, which no text may hold (the store's JSON cannot), and odd ids in paths
  { name: 'NUL in a notice title', path: 'notices', json: { targetOrgId: 'twp-a', title: '通知\u0000', items: [{ problem: 'p', requiredAction: 'a' }], dueInWorkingDays: 5 }, status: 400 },
  { name: 'NUL in a notice target', path: 'notices', json: { targetOrgId: '\u0000', title: '通知', items: [{ problem: 'p', requiredAction: 'a' }], dueInWorkingDays: 5 }, status: 400 },
  { name: 'NUL in a progress note', path: `notices/${SOME_ID}/progress`, json: { text: '进展\u0000' }, status: 400 },
  { name: 'NUL in a report section', method: 'PUT', path: 'reports/twp-a/2026-Q4/draft', json: { sections: { summary: '\u0000' }, figures: {} }, status: 400 },
  { name: 'NUL in a secretary name', path: 'organizations/twp-a/secretary', json: { name: '张\u0000三' }, status: 400 },
  { name: 'NUL in a property name, with an Idempotency-Key', path: `notices/${SOME_ID}/acknowledge`, json: { '\u0000': 1 }, headers: { 'idempotency-key': 'nul-name' }, status: 400 },
  { name: 'half a surrogate pair in a notice title', path: 'notices', json: { targetOrgId: 'twp-a', title: '通知\ud800', items: [{ problem: 'p', requiredAction: 'a' }], dueInWorkingDays: 5 }, status: 400 },
  { name: 'half a surrogate pair as a section name', method: 'PUT', path: 'reports/twp-a/2026-Q4/draft', json: { sections: { '\udfff': 'x' }, figures: {} }, status: 400 },
  { name: 'NUL as the organisation of a report', path: 'reports/%00/2026-Q4/submit', status: 404 },
  { name: 'NUL as the organisation of a report draft', method: 'PUT', path: 'reports/%00/2026-Q4/draft', json: { sections: {}, figures: {} }, status: 404 },
  // query parameters
  { name: 'NUL in a notice filter', method: 'GET', path: 'notices?targetOrgId=%00', status: 400 },
  { name: 'NUL in an organisation filter', method: 'GET', path: 'organizations?parentId=%00', status: 400 },
  { name: 'a timeline cursor beyond any position', method: 'GET', path: 'orgs/twp-a/timeline?before=99999999999999999999', status: 400 },
  { name: 'inbox with unread neither true nor false', method: 'GET', path: 'inbox?unread=maybe', status: 400 },
  // methods and routes
  { name: 'PUT on the collection', method: 'PUT', path: 'organizations', json: org(), status: 404 },
  { name: 'DELETE an organisation', method: 'DELETE', path: 'organizations/twp-a', status: 404 },
  { name: 'PATCH an organisation', method: 'PATCH', path: 'organizations/twp-a', json: { name: 'x' }, status: 404 },
  { name: 'POST to a read-only route', path: 'orgs/twp-a/timeline', json: {}, status: 404 },
  { name: 'POST to an unknown command', path: 'organizations/twp-a/explode', json: {}, status: 404 },
];

describe('malformed requests at the command endpoints', () => {
  let app: TestApp;
  let admin: string;
  let eventsBefore: number;
  const count = async () => (await app.database.pool.query('select count(*)::int as n from es.events')).rows[0].n as number;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login(ADMIN.username, ADMIN.password);
    const created = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'twp-a', name: '甲镇党委', kind: 'township', parentId: 'county' },
    });
    expect(created.status).toBe(201);
    eventsBefore = await count();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: a 4xx problem+json', async (_name, c) => {
    const headers: Record<string, string> = { ...c.headers };
    const auth = c.auth ?? 'admin';
    if (auth === 'admin') headers.authorization = `Bearer ${admin}`;
    else if (auth !== 'none') headers.authorization = `Bearer ${auth}`;
    let body: string | Uint8Array | undefined = c.raw;
    if (c.json !== undefined) {
      body = JSON.stringify(c.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${app.baseUrl}/api/v1/${c.path}`, { method: c.method ?? 'POST', headers, body });
    const text = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    if (c.status !== undefined) expect(response.status).toBe(c.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({ status: response.status, title: expect.any(String), type: expect.any(String) });
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/); // no stack traces
  });

  it('a command without a body takes none or {}, and names an unknown property', async () => {
    const acknowledge = (options: { body?: unknown }) => app.request('POST', `notices/${SOME_ID}/acknowledge`, { token: admin, ...options });
    // Past validation, the unknown notice answers 404.
    expect((await acknowledge({})).status).toBe(404);
    expect((await acknowledge({ body: {} })).status).toBe(404);
    const refused = await acknowledge({ body: { note: '已签收' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'note', messages: ['property note should not exist'] }]);
  });

  it('names each field holding a NUL or half a surrogate pair', async () => {
    const items = [{ problem: '问题', requiredAction: '整改\ud83d' }];
    const refused = await app.request('POST', 'notices', { token: admin, body: { targetOrgId: 'twp-a', title: '通知\u0000', items, dueInWorkingDays: 5 } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['items.0.requiredAction', 'title']);
  });

  it('appended no event', async () => {
    expect(await count()).toBe(eventsBefore);
  });
});

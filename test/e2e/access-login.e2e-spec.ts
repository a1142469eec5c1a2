import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/kernel';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { waitFor } from '../support/wait.js';

describe('sign-in (HTTP)', () => {
  let app: TestApp;
  let admin: string;
  const login = (username: string, password: string) => app.request('POST', 'auth/login', { body: { username, password } });
  const withoutRequestFields = (body: Record<string, unknown>) => {
    const { correlationId: _c, instance: _i, ...rest } = body;
    return rest;
  };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login(ADMIN.username, ADMIN.password);
    for (const username of ['alice', 'bob', 'carol']) {
      const created = await app.request('POST', 'users', {
        token: admin,
        body: { username, password: 'alice-password-1', orgId: 'county', roles: ['viewer'] },
      });
      expect(created.status).toBe(201);
      expect(JSON.stringify(created.body)).not.toContain('password');
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the bootstrap admin exists once, in the root county organisation', async () => {
    const county = await app.request('GET', 'organizations/county', { token: admin });
    expect(county.body).toMatchObject({ id: 'county', kind: 'county', name: '县委组织部', parentId: null });
    const { rows } = await app.database.pool.query(`select count(*)::int as n from es.events where stream_id = 'user-admin'`);
    expect(rows[0].n).toBe(1);
  });

  it('issues a token whose claims carry the user, organisation and roles', async () => {
    const response = await login('alice', 'alice-password-1');
    expect(response.status).toBe(200);
    const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'alice', username: 'alice', orgId: 'county', roles: ['viewer'] });
  });

  it('answers a wrong username and a wrong password alike: 401, same body', async () => {
    const unknownUser = await login('nobody-here', 'alice-password-1');
    const wrongPassword = await login('alice', 'not-her-password');
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.headers.get('content-type')).toContain('application/problem+json');
    expect(withoutRequestFields(unknownUser.body)).toEqual(withoutRequestFields(wrongPassword.body));
  });

  it('stores only a bcrypt hash, never the password', async () => {
    const { rows } = await app.database.pool.query(`select data::text as data, metadata::text as metadata from es.events where stream_id = 'user-alice'`);
    expect(rows[0].data).not.toContain('alice-password-1');
    expect(rows[0].metadata).not.toContain('alice-password-1');
    expect(JSON.parse(rows[0].data).passwordHash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('refuses a disabled user with the same 401', async () => {
    const disabled = await app.request('POST', 'users/carol/disable', { token: admin, body: { reason: '调离' } });
    expect(disabled.status).toBe(200);
    const response = await login('carol', 'alice-password-1');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('revokes a token within seconds when its user is disabled or its roles change, on the next request', async () => {
    const eventually = (token: string) =>
      waitFor(
        async () => {
          const response = await app.request('GET', 'organizations/county', { token });
          return response.status === 401 && response;
        },
        8_000,
        'the token to be refused',
        200,
      );
    for (const username of ['dave', 'erin']) {
      const created = await app.request('POST', 'users', { token: admin, body: { username, password: 'dave-password-1', orgId: 'county', roles: ['viewer'] } });
      expect(created.status).toBe(201);
    }
    const dave = await app.login('dave', 'dave-password-1');
    const erin = await app.login('erin', 'dave-password-1');
    expect((await app.request('GET', 'organizations/county', { token: dave })).status).toBe(200);
    expect((await app.request('GET', 'organizations/county', { token: erin })).status).toBe(200);

    expect((await app.request('POST', 'users/dave/disable', { token: admin, body: { reason: '离职' } })).status).toBe(200);
    const revoked = await eventually(dave);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('AUTH.TOKEN_REVOKED');

    expect((await app.request('POST', 'users/erin/roles', { token: admin, body: { roles: ['supervisor'] } })).status).toBe(200);
    expect((await eventually(erin)).status).toBe(401);
    // Signing in again gives a token with the new roles.
    const again = await app.login('erin', 'dave-password-1');
    expect((await app.request('GET', 'organizations/county', { token: again })).status).toBe(200);
  });

  it('throttles repeated failures for a username with 429 and Retry-After, even for the right password then', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) expect((await login('bob', `guess-${attempt}`)).status).toBe(401);
    const throttled = await login('bob', 'guess-6');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('bob', 'alice-password-1')).status).toBe(429);
    // Other users are not affected.
    expect((await login('alice', 'alice-password-1')).status).toBe(200);
  });

  it('accepts a token signed with the secret as text, refuses one signed with another secret or with none', async () => {
    const claims = { sub: 'alice', username: 'alice', orgId: 'county', roles: ['viewer'] };
    // The verifier holds the secret as a key object: what a replica that signs with the text still issues must pass.
    const secret = app.app.get(AppConfig).jwtSecret;
    const asText = new JwtService({ secret }).sign(claims, { expiresIn: 60 });
    expect((await app.request('GET', 'organizations/county', { token: asText })).status).toBe(200);
    const other = new JwtService({ secret: `${secret}-other` }).sign(claims, { expiresIn: 60 });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 })}.`;
    for (const token of [other, unsigned]) {
      const response = await app.request('GET', 'organizations/county', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('refuses requests without a token or with a garbage one (401 problem+json)', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not.a.token' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
      const response = await app.request('GET', 'organizations', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

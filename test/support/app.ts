import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ControllableClock } from '@app/kernel';
import { createHttpApplication, ProjectionHost } from '@app/platform';
import { AppModule } from '../../apps/api/src/app.module.js';
import { deletePrefixKeys } from './redis.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  clock: ControllableClock;
  database: TestDatabase;
  /** Waits until every projection has applied everything in the store. */
  settle(): Promise<void>;
  /** fetch against the API (`path` is under /api/v1 unless it starts with '/'). */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<TestResponse>;
  login(username: string, password: string): Promise<string>;
  /** Setup: the bootstrap admin creates this user (password USER_PASSWORD), who signs in; its token. */
  signInAs(username: string, orgId: string, roles: string[]): Promise<string>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export const ADMIN = { username: 'admin', password: 'admin-password-1' };
/** The password of users made by `signInAs`. */
export const USER_PASSWORD = 'password-123';

/**
 * The whole application (API and worker side) on a fresh PostgreSQL database and the local
 * Redis, listening on a free port; requests go over real HTTP.
 */
export async function startTestApp(options: { env?: Record<string, string>; now?: string } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ControllableClock(options.now ?? '2026-11-02T01:00:00.000Z');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    RUN_BACKGROUND: 'true',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    QUEUE_PREFIX: `{t${Math.random().toString(36).slice(2, 8)}}`,
    // Other test files hold transactions open on the shared server (gap-safety tests), which
    // stalls every projection for a while: reads wait that out instead of failing at 1 s.
    READ_WAIT_MS: '15000',
    ...options.env,
  };
  let app: NestFastifyApplication;
  try {
    app = await createHttpApplication(AppModule.forRoot({ env, worker: true, clock }), env);
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const projections = app.get(ProjectionHost);

  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const url = path.startsWith('/') ? `${baseUrl}${path}` : `${baseUrl}/api/v1/${path}`;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  const login: TestApp['login'] = async (username, password) => {
    const response = await request('POST', 'auth/login', { body: { username, password } });
    if (response.status !== 200 && response.status !== 201) throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
    return response.body.accessToken as string;
  };
  let adminToken: string | undefined;

  return {
    app,
    baseUrl,
    clock,
    database,
    settle: () => projections.settle(),
    request,
    login,
    async signInAs(username, orgId, roles) {
      adminToken ??= await login(ADMIN.username, ADMIN.password);
      const created = await request('POST', 'users', { token: adminToken, body: { username, password: USER_PASSWORD, orgId, roles } });
      if (created.status !== 201) throw new Error(`creating user ${username} failed: ${created.status} ${created.text}`);
      return login(username, USER_PASSWORD);
    },
    async close() {
      await app.close();
      await database.drop();
      await deletePrefixKeys(env.REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.QUEUE_PREFIX!);
    },
  };
}

/** county ─┬─ twp-a ── vil-a1, └─ twp-b: the tree of the workflow specs (the county exists from the start). */
export const TWO_TOWNSHIPS: Array<[id: string, kind: string, parentId: string]> = [
  ['twp-a', 'township', 'county'],
  ['twp-b', 'township', 'county'],
  ['vil-a1', 'village', 'twp-a'],
];

/** The people of TWO_TOWNSHIPS for `seedTree`: the county's supervisor and viewer, each township's clerk and supervisor, a village clerk. */
export const TWO_TOWNSHIPS_USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  countyViewer: { org: 'county', roles: ['viewer'] },
  clerkA: { org: 'twp-a', roles: ['clerk'] },
  supA: { org: 'twp-a', roles: ['supervisor'] },
  clerkA1: { org: 'vil-a1', roles: ['clerk'] },
  clerkB: { org: 'twp-b', roles: ['clerk'] },
  supB: { org: 'twp-b', roles: ['supervisor'] },
} as const;

/**
 * Setup shared by the workflow specs: the admin registers the organisations (parents first, each
 * named `<id> 党委`), then every user is made and signs in as `<prefix>-<name>`; the tokens by name,
 * the admin's as `admin`. Settles before it answers.
 */
export async function seedTree<Name extends string>(
  app: TestApp,
  orgs: Array<[id: string, kind: string, parentId: string]>,
  users: Record<Name, { org: string; roles: readonly string[] }>,
  prefix: string,
): Promise<Record<Name | 'admin', string>> {
  const tokens = { admin: await app.login(ADMIN.username, ADMIN.password) } as Record<Name | 'admin', string>;
  for (const [id, kind, parentId] of orgs) {
    const created = await app.request('POST', 'organizations', { token: tokens.admin, body: { id, name: `${id} 党委`, kind, parentId } });
    if (created.status !== 201) throw new Error(`Setup: organisation ${id} answered ${created.status}`);
  }
  for (const [name, { org, roles }] of Object.entries(users) as Array<[Name, { org: string; roles: readonly string[] }]>) {
    tokens[name] = await app.signInAs(`${prefix}-${name.toLowerCase()}`, org, [...roles]);
  }
  await app.settle();
  return tokens;
}

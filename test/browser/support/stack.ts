import { randomBytes } from 'node:crypto';
import { buildOnce, freePort, runNode, type RunningProcess } from '../../support/process.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';
import { deletePrefixKeys } from '../../support/redis.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DEMO_PASSWORD = 'demo-pass-2026';
export const ADMIN = { username: 'admin', password: 'admin-demo-2026' };

export interface DemoStack {
  base: string;
  app: RunningProcess;
  /** Calls the API as a demo user (for what the browser scenario does not click through itself). */
  api<T = any>(as: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  token(username: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real app as `npm start` runs it (the compiled all-in-one entry, serving the built web app),
 * on a fresh database of the shared PostgreSQL and its own queue prefix on the shared Redis, with
 * the demo county loaded by `seed:demo`'s own code (dist/apps/cli/src/seed-demo.js).
 */
export async function startDemoStack(): Promise<DemoStack> {
  buildOnce({ web: true });
  const db: TestDatabase = await createTestDatabase(2);
  const prefix = `{web-${randomBytes(4).toString('hex')}}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    DEMO_PASSWORD,
    // One user at a time: a small pool leaves the shared server's connections to the other suites.
    DATABASE_POOL_SIZE: '6',
  };
  const seed = runNode('dist/apps/cli/src/seed-demo.js', env);
  const seeded = await seed.exited;
  if (seeded !== 0) throw new Error(`seed:demo failed (${seeded}):\n${seed.output().slice(-3000)}`);
  const app = runNode('dist/apps/all-in-one/src/main.js', { ...env, PORT: String(await freePort()), HOST: '127.0.0.1' });
  try {
    await app.waitForOutput(/Web app at (http:\/\/\S+)\//, 90_000);
  } catch (error) {
    app.child.kill('SIGKILL');
    await db.drop();
    throw error;
  }
  const base = /Web app at (http:\/\/\S+?)\/\s/.exec(app.output())![1]!;
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const password = username === ADMIN.username ? ADMIN.password : DEMO_PASSWORD;
    const reply = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (reply.status !== 200) throw new Error(`cannot sign in as ${username}: ${reply.status} ${await reply.text()}\n${app.output().slice(-3000)}`);
    const { accessToken } = (await reply.json()) as { accessToken: string };
    tokens.set(username, accessToken);
    return accessToken;
  };
  return {
    base,
    app,
    token,
    async api(as, method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${await token(as)}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const reply = await fetch(`${base}/api/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await reply.text();
      return { status: reply.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      if (app.child.exitCode === null) {
        app.child.kill('SIGTERM');
        const timer = setTimeout(() => app.child.kill('SIGKILL'), 20_000);
        await app.exited;
        clearTimeout(timer);
      }
      await deletePrefixKeys(REDIS_URL, prefix).catch(() => undefined);
      await db.drop();
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildOnce, freePort, runNode } from '../support/process.js';

/**
 * The app as `npm start` runs it: the compiled all-in-one entry, with DATABASE_URL unset, so
 * on the embedded PostgreSQL. Started, stopped, started again: the data is still there.
 */
describe('npm start (compiled, embedded PostgreSQL)', () => {
  const MAIN = 'dist/apps/all-in-one/src/main.js';
  let dataDir: string;

  beforeAll(() => {
    buildOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'dj-start-'));
  }, 300_000);
  // A failed assertion must not leave a server running (Jest would wait for it for ever).
  const spawned: Array<ReturnType<typeof runNode>> = [];
  const run = (script: string, env: Record<string, string>) => {
    const child = runNode(script, env);
    spawned.push(child);
    return child;
  };
  afterAll(() => {
    for (const p of spawned) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded server, serves the API and its docs, stops cleanly and keeps the data across a restart', async () => {
    const pgPort = await freePort();
    const env = {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      BOOTSTRAP_ADMIN: 'admin:admin-password-1',
      LOG_LEVEL: 'warn',
    };
    const embeddedUrl = `postgres://postgres:embedded@127.0.0.1:${pgPort}/dangjian`;

    const first = run(MAIN, { ...env, PORT: String(await freePort()) });
    await first.waitForOutput(/API ready at (http:\/\/\S+)\/api\/v1/);
    const base = /API ready at (http:\/\/\S+)\/api\/v1/.exec(first.output())![1];
    expect((await fetch(`${base}/api/v1/health/ready`)).status).toBe(200);
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    // bull-board, for admins only (it cannot load under Jest, so it is checked here, in the real process).
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const board = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/bull/i);
    // With the board mounted (only in a real process), a body Fastify cannot parse is still problem+json.
    const malformed = await fetch(`${base}/api/v1/organizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');

    // Write an event through the store's own table, as any command would, and look for it after the restart.
    const client = new pg.Client(embeddedUrl);
    await client.connect();
    const before = Number((await client.query('select count(*) from es.events')).rows[0].count);
    await client.query(`insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
      values ('test-persist', 0, 'test', gen_random_uuid(), 'Persisted', 1, '{}', '{}', now())`);
    await client.end();

    first.child.kill('SIGTERM');
    const firstCode = await first.exited;
    if (firstCode !== 0) throw new Error(`exit code ${firstCode}; output:\n${first.output().slice(-4000)}`);
    // The embedded server stopped with the app.
    const probe = new pg.Client(embeddedUrl);
    await expect(probe.connect()).rejects.toThrow();

    const second = run(MAIN, { ...env, PORT: String(await freePort()) });
    await second.waitForOutput(/API ready at/);
    const again = new pg.Client(embeddedUrl);
    await again.connect();
    const after = Number((await again.query('select count(*) from es.events')).rows[0].count);
    const persisted = await again.query(`select type from es.events where stream_id = 'test-persist'`);
    await again.end();
    expect(after).toBeGreaterThanOrEqual(before + 1);
    expect(persisted.rows).toEqual([{ type: 'Persisted' }]);
    second.child.kill('SIGTERM');
    const code = await second.exited;
    if (code !== 0) throw new Error(`exit code ${code}; output:\n${second.output().slice(-4000)}`);
  }, 180_000);

  it('refuses to start within seconds when Redis is unreachable, naming REDIS_URL', async () => {
    const started = Date.now();
    const starting = run(MAIN, {
      NODE_ENV: 'development',
      DATABASE_URL: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: 'redis://127.0.0.1:1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
    expect(await starting.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(starting.output()).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
    expect(starting.output()).toMatch(/redis-server/);
  }, 30_000);

  it('refuses a bad configuration value with a message naming the variable', async () => {
    const starting = run(MAIN, { NODE_ENV: 'production', PORT: 'eighty', JWT_SECRET: 'x'.repeat(40) });
    expect(await starting.exited).toBe(1);
    expect(starting.output()).toMatch(/PORT: "eighty" is not an integer/);
    const noSecret = run(MAIN, { NODE_ENV: 'production' });
    expect(await noSecret.exited).toBe(1);
    expect(noSecret.output()).toMatch(/JWT_SECRET: is required/);
  }, 30_000);
});

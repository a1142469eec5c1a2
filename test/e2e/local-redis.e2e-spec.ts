import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildOnce, freePort, runNode } from '../support/process.js';

/**
 * `npm start` on a machine with only Node (issue 15): with REDIS_URL unset and nothing on the
 * probed port, the app starts its own redis-server (data and append-only file under DATA_DIR)
 * and stops it with itself; without redis-server on PATH it stops at start with one clear line.
 */
describe('npm start without a Redis (compiled)', () => {
  const MAIN = 'dist/apps/all-in-one/src/main.js';
  let dataDir: string;
  const spawned: Array<ReturnType<typeof runNode>> = [];
  beforeAll(() => {
    buildOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'dj-redis-'));
  }, 300_000);
  afterAll(() => {
    for (const p of spawned) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const answers = async (port: number) => {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  };

  it('starts a local redis-server under DATA_DIR, uses it, and stops it on SIGTERM', async () => {
    const closed = await freePort();
    const redisPort = await freePort();
    const app = runNode(MAIN, {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      REDIS_URL: '',
      LOCAL_REDIS_PROBE_URL: `redis://127.0.0.1:${closed}`,
      LOCAL_REDIS_PORT: String(redisPort),
      BOOTSTRAP_ADMIN: 'admin:admin-password-1',
      LOG_LEVEL: 'warn',
    });
    spawned.push(app);
    await app.waitForOutput(/API ready at (http:\/\/\S+)\/api\/v1/, 120_000);
    expect(app.output()).toContain(`starting`);
    const base = /API ready at (http:\/\/\S+)\/api\/v1/.exec(app.output())![1];
    expect((await fetch(`${base}/api/v1/health/ready`)).status).toBe(200);
    expect(await answers(redisPort)).toBe(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(await answers(redisPort)).toBe(false);
    const files = readdirSync(join(dataDir, 'redis'));
    // Redis 7 keeps its append-only file as a folder of parts (appendonlydir); older ones as appendonly.aof.
    expect(files.some((f) => f.startsWith('appendonly'))).toBe(true);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);
  }, 180_000);

  it('stops at start with one clear line when there is no Redis and no redis-server on PATH', async () => {
    const app = runNode(MAIN, {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      // node itself is run by its absolute path; nothing else is on PATH.
      PATH: mkdtempSync(join(tmpdir(), 'dj-empty-path-')),
      REDIS_URL: '',
      LOCAL_REDIS_PROBE_URL: `redis://127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'warn',
    });
    spawned.push(app);
    expect(await app.exited).not.toBe(0);
    expect(app.output()).toMatch(/no redis-server is on PATH: install Redis \(Debian\/Ubuntu: "apt-get install redis-server"/);
    expect(app.output()).toContain('or set REDIS_URL');
  }, 60_000);
});

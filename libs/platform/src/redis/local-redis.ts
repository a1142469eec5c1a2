import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { Redis } from 'ioredis';

export interface LocalRedis {
  url: string;
  /** Stops the child (SIGTERM; Redis writes its append-only file and exits). */
  stop(): Promise<void>;
}

/** Where a local Redis is looked for before one is started (the usual place; tests point it elsewhere). */
const DEFAULT_PROBE = 'redis://127.0.0.1:6379';

async function answers(url: string, timeoutMs = 1000): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await Promise.race([probe.connect().then(() => probe.ping()), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function onPath(binary: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Redis of `npm start` on a machine with only Node (issue 15): with REDIS_URL unset and
 * nothing answering on 127.0.0.1:6379, a `redis-server` child is started from PATH, with its
 * data and an append-only file under DATA_DIR/redis, on LOCAL_REDIS_PORT (6380), as the
 * embedded PostgreSQL is; it stops with the app. A child left by a killed run (its pidfile) is
 * stopped first. Without `redis-server` the start stops with one line saying what to do.
 * Sets process.env.REDIS_URL so every part of the app uses it. Null when nothing was started.
 */
export async function ensureLocalRedis(env: Record<string, string | undefined> = process.env, log: (message: string) => void = () => undefined): Promise<LocalRedis | null> {
  if (env.REDIS_URL) return null;
  const probe = env.LOCAL_REDIS_PROBE_URL ?? DEFAULT_PROBE;
  if (await answers(probe)) {
    process.env.REDIS_URL = probe;
    return null;
  }
  const binary = onPath('redis-server', env.PATH);
  if (!binary) {
    throw new Error(
      `Redis is not reachable at ${probe} and no redis-server is on PATH: install Redis (Debian/Ubuntu: "apt-get install redis-server"; macOS: "brew install redis") and run npm start again, or set REDIS_URL to a running Redis.`,
    );
  }
  const dir = resolve(env.DATA_DIR ?? './.data', 'redis');
  mkdirSync(dir, { recursive: true });
  const pidfile = join(dir, 'redis.pid');
  if (existsSync(pidfile)) {
    const stale = Number(readFileSync(pidfile, 'utf8').trim());
    if (Number.isInteger(stale) && stale > 0 && alive(stale)) {
      log(`stopping the local Redis left by an earlier run (pid ${stale})`);
      process.kill(stale, 'SIGTERM');
      for (let i = 0; i < 50 && alive(stale); i++) await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(pidfile, { force: true });
  }
  const port = Number(env.LOCAL_REDIS_PORT ?? 6380);
  const url = `redis://127.0.0.1:${port}`;
  log(`REDIS_URL is not set and nothing answers on ${probe}: starting ${binary} on port ${port} with its data under ${dir}`);
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfilename', 'appendonly.aof', '--save', '', '--pidfile', pidfile, '--daemonize', 'no', '--logfile', join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  let exited = false;
  const exitedPromise = new Promise<void>((resolveExit) => child.once('exit', () => ((exited = true), resolveExit())));
  // The app dying without a shutdown (an uncaught error) still takes its Redis with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`the local redis-server exited at start; see ${join(dir, 'redis.log')}`);
    if (await answers(url, 500)) break;
    if (i > 50) {
      child.kill('SIGKILL');
      throw new Error(`the local redis-server did not answer on ${url} within 10 s; see ${join(dir, 'redis.log')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.env.REDIS_URL = url;
  return {
    url,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited) return;
      child.kill('SIGTERM');
      await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  };
}

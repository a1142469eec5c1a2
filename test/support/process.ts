import { execSync } from 'node:child_process';
import { freePort, runNode as runNodeIn, type RunningProcess } from '../../bench/support/process.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { deletePrefixKeys } from './redis.js';

export { freePort, type RunningProcess } from '../../bench/support/process.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The compiled app (dist/) is what `npm start` runs; build it (incrementally) once per test file.
 * Only the server by default: Vite refuses a second build of the same project at the same time
 * (test files run in parallel), and only the browser tests need the web app (`web: true`).
 */
export function buildOnce(options: { web?: boolean } = {}): void {
  execSync('npm run build:server --silent', { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  if (options.web) execSync('npm run build:web --silent', { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
}

/** Runs a compiled entry point of this repository with a clean environment plus `env`. */
export function runNode(script: string, env: Record<string, string>): RunningProcess {
  return runNodeIn(script, env, ROOT);
}

/**
 * Production's shape in a test: `start:api` and `start:worker` compiled, as two processes on a
 * fresh database and their own queue prefix. `prepare()` in beforeAll (builds, makes the
 * database, picks the ports), `dispose()` in afterAll (kills what still runs, drops, cleans Redis).
 */
export function apiAndWorker(tag: string) {
  const prefix = `{${tag}${Math.random().toString(36).slice(2, 8)}}`;
  let database: TestDatabase | undefined;
  let ports = { api: 0, worker: 0 };
  const env = () => ({ NODE_ENV: 'development', DATABASE_URL: database!.url, BOOTSTRAP_ADMIN: 'admin:admin-password-1', LOG_LEVEL: 'warn', QUEUE_PREFIX: prefix });
  const processes = {
    prefix,
    api: undefined as RunningProcess | undefined,
    worker: undefined as RunningProcess | undefined,
    get database(): TestDatabase {
      return database!;
    },
    /** The API's base address (under /api/v1) and the worker's ops address (metrics, health). */
    get apiBase(): string {
      return `http://127.0.0.1:${ports.api}/api/v1`;
    },
    get workerBase(): string {
      return `http://127.0.0.1:${ports.worker}`;
    },
    async prepare(): Promise<void> {
      buildOnce();
      database = await createTestDatabase();
      ports = { api: await freePort(), worker: await freePort() };
    },
    async startWorker(): Promise<RunningProcess> {
      const worker = runNode('dist/apps/worker/src/main.js', { ...env(), WORKER_PORT: String(ports.worker) });
      processes.worker = worker;
      await worker.waitForOutput(/Worker running/);
      return worker;
    },
    /** The API reads the worker's read models: it waits up to 15 s for the worker's checkpoint. */
    async startApi(): Promise<RunningProcess> {
      const api = runNode('dist/apps/api/src/main.js', { ...env(), PORT: String(ports.api), READ_WAIT_MS: '15000' });
      processes.api = api;
      await api.waitForOutput(/API ready at/);
      return api;
    },
    async dispose(): Promise<void> {
      processes.api?.child.kill('SIGKILL');
      processes.worker?.child.kill('SIGKILL');
      await database?.drop();
      await deletePrefixKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    },
  };
  return processes;
}

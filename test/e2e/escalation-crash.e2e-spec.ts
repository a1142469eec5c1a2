import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { ladderEnv } from './escalation-support/ladder-app.js';
import { openSubject } from './escalation-support/pledge-test-source.js';
import { deletePrefixKeys, FULL_LADDER_V1, ladderTrail, uniquePrefix, waitFor, waitForLadderDone, waitUntil } from './escalation-support/helpers.js';

jest.setTimeout(120_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const support = (file: string) => fileURLToPath(new URL(`./escalation-support/${file}`, import.meta.url));

/** The worker as a real process (TypeScript run through a small loader, no build needed). */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env };
  const child = spawn(process.execPath, ['--no-warnings', '--import', support('register.mjs'), support('worker-child.ts')], {
    env: childEnv,
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${errors}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${errors}`));
    });
  });
}

describe('a ladder worker killed with SIGKILL at the due time', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let worker: ChildProcess | undefined;
  const prefix = uniquePrefix('crash');

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { listen: false });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await store?.close().catch(() => undefined);
    await deletePrefixKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('is restarted and every step still appears exactly once', async () => {
    const env = ladderEnv(database.url, prefix);
    worker = await startWorker(env);
    const ids = Array.from({ length: 500 }, () => randomUUID());
    const due = new Date(Date.now() + 6_000);
    await Promise.all(ids.map((id) => openSubject(store, id, due)));

    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('ladder', { connection, prefix });
    try {
      await waitFor(async () => (await queue.getJobCounts('delayed')).delayed >= ids.length * 4, 15_000, 'every job to be scheduled');
      await waitUntil(due);
      // Kill it in the middle of the level-1 jobs: some done, some in hand, some waiting.
      const inHand = await waitFor(async () => {
        const counts = await queue.getJobCounts('active', 'completed');
        return counts.completed > ids.length && counts.active > 0 ? counts : undefined;
      }, 5_000, 'the level-1 jobs to be under way', 2);
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      const missed = (await Promise.all(ids.map((id) => ladderTrail(store, id)))).filter((t) => t.includes('DeadlineMissed@v1')).length;
      expect(inHand.active).toBeGreaterThan(0);
      expect(missed).toBeLessThan(ids.length);

      worker = await startWorker(env);
      await waitFor(
        async () => (await Promise.all(ids.map((id) => ladderTrail(store, id)))).every((t) => t.length >= 4),
        60_000,
        'every ladder to complete after the restart',
      );
      // A stalled job is re-run after its lock expires; once none is left, its re-run must have appended nothing.
      await waitForLadderDone(queue, ids, 60_000);
      const trails = await Promise.all(ids.map((id) => ladderTrail(store, id)));
      for (const trail of trails) expect(trail).toEqual(FULL_LADDER_V1);
      const proposals = (await store.readAll({ categories: ['conversation'], maxCount: 10_000 })).events;
      expect(proposals).toHaveLength(ids.length);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});

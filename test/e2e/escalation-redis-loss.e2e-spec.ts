import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { LadderQueue, LadderReconciler } from '@app/escalation';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { ladderEnv, startLadderWorker } from './escalation-support/ladder-app.js';
import { openSubject, testStream } from './escalation-support/pledge-test-source.js';
import { deletePrefixKeys, FULL_LADDER_V1, ladderTrail, uniquePrefix, waitFor } from './escalation-support/helpers.js';

jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Redis losing the schedule while the worker runs (FLUSHDB, a restart without persistence, a
 * failover to an empty replica) raises no error anywhere. The worker notices that the
 * reconciler's mark is gone and reconciles at once, not at the next RECONCILE_EVERY (an hour here).
 */
describe('a running ladder worker whose Redis loses the schedule', () => {
  let database: TestDatabase;
  let worker: INestApplicationContext | undefined;
  const prefix = uniquePrefix('loss');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await worker?.close();
    await deletePrefixKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('notices within LADDER_LOSS_CHECK_MS and fires every step on time, once', async () => {
    worker = await startLadderWorker(ladderEnv(database.url, prefix, { LADDER_LOSS_CHECK_MS: '300' }));
    const store = worker.get(EventStore);
    const reconciler = worker.get(LadderReconciler);
    await waitFor(async () => reconciler.lastRun !== undefined, 10_000, 'the reconciler’s first run');
    const id = randomUUID();
    const due = new Date(Date.now() + 5_000);
    await openSubject(store, id, due);
    const queue = worker.get(LadderQueue).queue;
    await waitFor(async () => (await queue.getJobState(`ladder.pledge.${id}.v1.missed`)) === 'delayed', 5_000, 'the scheduled jobs');

    // Only this test's keys (never FLUSHDB: other tests share this Redis): for this queue the same loss.
    expect(await deletePrefixKeys(REDIS_URL, prefix)).toBeGreaterThan(0);
    expect(await queue.getJobState(`ladder.pledge.${id}.v1.missed`)).toBe('unknown');

    // Without the check, the steps would wait for RECONCILE_EVERY (PT1H in ladderEnv).
    await waitFor(async () => (await ladderTrail(store, id)).includes('DeadlineMissed@v1'), 15_000, 'level 1 after the loss');
    expect(reconciler.lossesNoticed).toBeGreaterThanOrEqual(1);
    const missed = (await store.readStream(testStream(id))).find((e) => e.type === 'DeadlineMissed')!;
    // Fired on time (the job was rebuilt before the due time), give or take the worker's pick-up.
    expect(missed.recordedAt.getTime() - due.getTime()).toBeLessThan(3_000);
    await waitFor(async () => (await ladderTrail(store, id)).length >= 4, 15_000, 'the rest of the ladder');
    expect(await ladderTrail(store, id)).toEqual(FULL_LADDER_V1);
  });
});

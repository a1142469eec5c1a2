import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '@app/event-store';
import { LadderQueue, LadderReconciler, LadderWorker } from '@app/escalation';
import { ProjectionHost } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { ladderEnv, startLadderHttp, startLadderWorker } from './escalation-support/ladder-app.js';
import { closeSubject, extendSubject, openSubject } from './escalation-support/pledge-test-source.js';
import { deletePrefixKeys, FULL_LADDER_V1, ladderTrail, uniquePrefix, waitFor, waitForLadderDone, waitUntil } from './escalation-support/helpers.js';

jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the escalation ladder on BullMQ, real Redis and PostgreSQL, seconds-long policy', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let store: EventStore;
  const prefix = uniquePrefix('lad');

  beforeAll(async () => {
    database = await createTestDatabase();
    // No loss check here: the last case shows the reconciler of a restarted worker repairing a
    // lost schedule (escalation-redis-loss.e2e-spec.ts shows a running worker noticing it).
    app = await startLadderHttp(ladderEnv(database.url, prefix, { LADDER_LOSS_CHECK_MS: '0' }));
    store = app.get(EventStore);
  });
  afterAll(async () => {
    await app?.close();
    await deletePrefixKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('fires every step exactly once for an ignored deadline, nothing after closure, and re-arms after an extension', async () => {
    const ignored = randomUUID();
    const closed = randomUUID();
    const extended = randomUUID();
    const due = new Date(Date.now() + 4_000);
    await openSubject(store, ignored, due);
    await openSubject(store, closed, due);
    await openSubject(store, extended, due);
    await closeSubject(store, closed);
    // Extended before its reminder (due − 2 s): the v1 jobs are stale, the v2 ladder runs from level 0.
    await extendSubject(store, extended, new Date(due.getTime() + 3_000));

    await waitFor(async () => (await ladderTrail(store, extended)).length === 4, 20_000, 'the extended ladder to reach level 3');
    await waitForLadderDone(app.get(LadderQueue).queue, [ignored, closed, extended]); // every job run or skipped: a double would be on the stream by now
    expect(await ladderTrail(store, ignored)).toEqual(FULL_LADDER_V1);
    expect(await ladderTrail(store, closed)).toEqual([]);
    expect(await ladderTrail(store, extended)).toEqual(FULL_LADDER_V1.map((s) => s.replace('@v1', '@v2')));

    // The escalation proposes one admonishment conversation, attributed to the target organisation.
    const all = await store.readAll({ categories: ['conversation'] });
    const proposals = all.events.filter((e) => e.data.subjectId === ignored);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ type: 'ConversationProposed', data: { targetOrgId: 'twp-a', supervisorOrgId: 'county', subjectKind: 'pledge' } });

    // The closed subject's jobs were removed from Redis, not just left to find themselves stale.
    const queue = app.get(LadderQueue).queue;
    expect(await queue.getJobState(`ladder.pledge.${closed}.v1.escalate`)).toBe('unknown');
    expect(await queue.getJobState(`ladder.pledge.${extended}.v1.escalate`)).toBe('unknown');
  });

  it('two workers at once append every step once', async () => {
    const second: INestApplicationContext = await startLadderWorker(ladderEnv(database.url, prefix));
    try {
      const ids = Array.from({ length: 40 }, () => randomUUID());
      // Due times 50 ms apart, so the steps arrive one after another and both idle workers compete for them.
      const start = Date.now() + 3_000;
      await Promise.all(ids.map((id, i) => openSubject(store, id, new Date(start + i * 50))));
      await waitFor(async () => (await ladderTrail(store, ids[ids.length - 1]!)).length === 4, 20_000, 'the last ladder');
      await waitForLadderDone(app.get(LadderQueue).queue, ids);
      const trails = await Promise.all(ids.map((id) => ladderTrail(store, id)));
      for (const trail of trails) expect(trail).toEqual(FULL_LADDER_V1);
      // Both workers took part: the jobs name the worker that processed them.
      const jobs = await app.get(LadderQueue).queue.getJobs(['completed'], 0, 2_000);
      const mine = jobs.filter((j) => (ids as string[]).includes(j.data.subjectId));
      const workers = new Set(mine.map((j) => j.processedBy));
      expect(workers).toEqual(new Set([app.get(LadderWorker).name, second.get(LadderWorker).name]));
    } finally {
      await second.close();
    }
  });

  it('removes finished jobs by age (a week once completed), kept meanwhile so a re-added id stays a no-op', async () => {
    const queue = app.get(LadderQueue).queue;
    const first = randomUUID();
    await openSubject(store, first, new Date(Date.now() + 2_500));
    const firstMissed = `ladder.pledge.${first}.v1.missed`;
    await waitFor(async () => (await queue.getJobState(firstMissed)) === 'completed', 15_000, 'the first level-1 job');
    // Kept while young: re-adding its id (the scheduler replaying) changes nothing.
    await queue.add('ladder-step', (await queue.getJob(firstMissed))!.data, { jobId: firstMissed });
    expect(await queue.getJobState(firstMissed)).toBe('completed');

    // Eight days old: the next job the worker finishes sweeps it away.
    await app.get(LadderQueue).connection.zadd(queue.keys.completed!, 'XX', Date.now() - 8 * 86_400_000, firstMissed);
    const second = randomUUID();
    await openSubject(store, second, new Date(Date.now() + 2_500));
    await waitFor(async () => (await queue.getJobState(`ladder.pledge.${second}.v1.missed`)) === 'completed', 15_000, 'the second level-1 job');
    expect(await queue.getJobState(firstMissed)).toBe('unknown');
  });

  it('after the schedule is lost from Redis, the reconciler restores every pending step; overdue ones fire late, once', async () => {
    const early = randomUUID(); // overdue by the time the reconciler runs
    const later = randomUUID(); // still pending then
    const earlyDue = new Date(Date.now() + 3_000);
    await openSubject(store, early, earlyDue);
    await openSubject(store, later, new Date(Date.now() + 9_000));
    await app.get(ProjectionHost).settle();
    await waitFor(async () => (await app.get(LadderQueue).queue.getJobState(`ladder.pledge.${later}.v1.escalate`)) === 'delayed', 5_000, 'the jobs');
    await waitFor(async () => (await ladderTrail(store, early)).length === 1, 5_000, "early's reminder");

    expect(await deletePrefixKeys(REDIS_URL, prefix)).toBeGreaterThan(0);
    await waitUntil(earlyDue.getTime() + 3_000); // early's level 1 and 2 fall due with nothing in Redis
    expect(await ladderTrail(store, early)).toEqual(['ReminderSent@v1:2000']);

    // A worker started now reconciles at its start (the overdue steps at once) and then every
    // RECONCILE_EVERY (later's steps, as they come within its two-period horizon).
    const restarted: INestApplicationContext = await startLadderWorker(ladderEnv(database.url, prefix, { RECONCILE_EVERY: 'PT2S' }));
    try {
      await waitFor(async () => (await ladderTrail(store, later)).length >= 4, 20_000, 'the later ladder');
      expect(restarted.get(LadderReconciler).lastRun?.report.openDeadlines).toBeGreaterThanOrEqual(1);
    } finally {
      await restarted.close();
    }
    await waitForLadderDone(app.get(LadderQueue).queue, [early, later]);
    // Late, in order, once.
    expect(await ladderTrail(store, early)).toEqual(FULL_LADDER_V1);
    expect(await ladderTrail(store, later)).toEqual(FULL_LADDER_V1);
  });
});

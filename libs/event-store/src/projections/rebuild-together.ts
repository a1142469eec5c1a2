import pg from 'pg';
import { comparePositions, streamCategory, type Position, type RecordedEvent } from '@app/kernel';
import type { EventStore, ReadAllPage } from '../event-store.port.js';
import { matchesFilter } from '../filter.js';
import { sleep } from '../polling-subscription.js';
import { advanceCheckpoint, setupCheckpoints } from './checkpoint-store.js';
import { resetForRebuild } from './reset-for-rebuild.js';
import { SharedFolds } from './shared-folds.js';
import type { Projection } from './projection.js';
import { runnerLockKey } from './runner.js';

/** Where a rebuild's time went so far, per projection and in all. */
export interface RebuildTogetherProgress {
  /** Events of the log read so far (every category). */
  read: number;
  last: Position;
  /** Per projection: events of its categories applied, and the milliseconds its `apply` took. */
  projections: Map<string, { events: number; applyMs: number }>;
  /** Milliseconds spent waiting for pages (reads overlap the previous page's apply), and committing. */
  waitForPageMs: number;
  commitMs: number;
}


/**
 * Rebuilds several projections in one pass over the log: each page is read once (the next one
 * while the current one is applied) and given to every projection, each seeing only its own
 * categories and type prefixes as its runner would. Each projection applies the page and moves
 * its checkpoint in one transaction of its own, so each read model still changes exactly once
 * per event, as with `CheckpointedRunner.rebuild`; the projections of a page are applied side
 * by side on their own connections (PostgreSQL works on them in parallel), except those named
 * in `firstStage`, which are applied and committed first: others read them within the page
 * (the organisation tree, in which the deadline board looks its targets up).
 *
 * Takes every projection's advisory lock first and fails, changing nothing, if one is held (its
 * runner is active somewhere). Should one projection fail, the others may have committed the
 * page: each read model stays consistent with its own checkpoint, and the rebuild is run again.
 */
export async function rebuildTogether(
  store: EventStore,
  pool: pg.Pool,
  projections: Projection[],
  options: { batchSize?: number; firstStage?: string[]; onProgress?: (progress: RebuildTogetherProgress) => void } = {},
): Promise<RebuildTogetherProgress> {
  const setupClient = await pool.connect();
  try {
    await setupCheckpoints(setupClient);
    for (const projection of projections) await projection.setup(setupClient);
  } finally {
    setupClient.release();
  }

  const lockClient = new pg.Client(pool.options);
  lockClient.on('error', () => undefined);
  await lockClient.connect();
  try {
    for (const projection of projections) {
      const { rows } = await lockClient.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [runnerLockKey(projection.name)]);
      if (!rows[0]?.locked) throw new Error(`${projection.name} is being run by another process (its advisory lock is held): stop the workers first`);
    }

    await resetForRebuild(pool, projections);

    const progress: RebuildTogetherProgress = {
      read: 0,
      last: { commit: 0n, prepare: -1n },
      projections: new Map(projections.map((p) => [p.name, { events: 0, applyMs: 0 }])),
      waitForPageMs: 0,
      commitMs: 0,
    };
    // Larger pages than a runner's: a page costs a few statements per projection however many events it holds.
    const batchSize = options.batchSize ?? 5000;
    // Projections that fold the same streams with the same decider share each event's fold.
    const folds = new SharedFolds();
    const applying = projections.map((p) => p.forRebuild?.(folds) ?? p);
    const firstStage = applying.filter((p) => options.firstStage?.includes(p.name));
    const secondStage = applying.filter((p) => !options.firstStage?.includes(p.name));
    // Everything committed when the rebuild began (an older open transaction holds newer events back: wait for it).
    const target = await store.latestCommittedPosition();
    let checkpoint: Position | undefined;
    // A read ahead that fails while a page is being applied is reported when it is awaited, never unhandled.
    const read = (after: Position | undefined) => {
      const page = store.readAll({ after, maxCount: batchSize });
      page.catch(() => undefined);
      return page;
    };
    let next: Promise<ReadAllPage> = read(checkpoint);
    for (;;) {
      const waited = performance.now();
      const page = await next;
      progress.waitForPageMs += performance.now() - waited;
      const moved = page.lastPosition && (page.events.length > 0 || !checkpoint || comparePositions(page.lastPosition, checkpoint) !== 0);
      // Read ahead while this page is applied.
      if (page.hasMore && page.lastPosition) next = read(page.lastPosition);
      if (moved) {
        const last = page.lastPosition!;
        for (const projection of firstStage) await applyPage(pool, projection, page.events, checkpoint, last, progress);
        const outcomes = await Promise.allSettled(secondStage.map((projection) => applyPage(pool, projection, page.events, checkpoint, last, progress)));
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
        checkpoint = last;
        progress.read += page.events.length;
        progress.last = last;
        options.onProgress?.(progress);
      }
      if (page.hasMore) continue;
      if (!target || (checkpoint && comparePositions(checkpoint, target) >= 0)) return progress;
      await sleep(20);
      next = read(checkpoint);
    }
  } finally {
    // Ending the session releases every advisory lock it holds.
    await lockClient.end().catch(() => undefined);
  }
}

async function applyPage(
  pool: pg.Pool,
  projection: Projection,
  events: RecordedEvent[],
  from: Position | undefined,
  to: Position,
  progress: RebuildTogetherProgress,
): Promise<void> {
  const own = events.filter((event) => matchesFilter(event.type, streamCategory(event.streamId), projection));
  const client = await pool.connect();
  const started = performance.now();
  try {
    // A rebuild's commits do not wait for their WAL to reach the disk (synchronous_commit off, this
    // transaction only): should the server crash, the last few pages' commits may be lost, but each
    // read model with its checkpoint (they commit together), so it stands consistent at an earlier
    // page and its runner, or the rebuild run again, carries on from there. Projections make no
    // effect outside their own tables, so nothing else has seen what was lost.
    await client.query('begin; set local synchronous_commit = off');
    try {
      if (own.length > 0) await projection.apply(own, client);
    } catch (error) {
      const first = own[0];
      throw new Error(
        `Projection ${projection.name} failed on a batch starting at ${first ? `${first.type} ${first.streamId}@${first.streamRevision} (position ${first.globalPosition})` : 'nothing'}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!(await advanceCheckpoint(client, projection.name, from, to))) {
      throw new Error(`Projection ${projection.name}: the checkpoint was moved by another runner; stopping the rebuild`);
    }
    const committing = performance.now();
    await client.query('commit');
    progress.commitMs += performance.now() - committing;
    const spent = progress.projections.get(projection.name)!;
    spent.events += own.length;
    spent.applyMs += performance.now() - started;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

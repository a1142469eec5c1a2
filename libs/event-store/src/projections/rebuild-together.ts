import pg from 'pg';
import { comparePositions, streamCategory, type Position, type RecordedEvent } from '@app/kernel';
import type { EventStore, ReadAllPage } from '../event-store.port.js';
import { matchesFilter } from '../filter.js';
import { sleep } from '../polling-subscription.js';
import { advanceCheckpoint, setupReadModels } from './checkpoint-store.js';
import { analyzeAfterReset, buildDeferredIndexes, resetForRebuild } from './reset-for-rebuild.js';
import { SharedFolds } from './shared-folds.js';
import type { Projection } from './projection.js';
import { runnerLockKey } from './runner.js';

/**
 * Events per page of a rebuild. Far larger than a runner's: a page costs each projection a few
 * statements however many events it holds, and each subject it touches is read back and written
 * once per page, so in a log in time order (a subject's events spread over months of everyone
 * else's) fewer, larger pages write each subject fewer times. A county's decade in time order
 * (bench:province's log, the CLI alone): pages of 5,000 (three ahead) 12,900-13,200 events/s at
 * ~0.7 GB peak RSS; 10,000 14,600-15,900 at ~0.85 GB; 20,000 (two ahead) 18,900 at 1.1 GB. The
 * memory held grows with the page, not with the log.
 */
export const REBUILD_PAGE_SIZE = 20_000;
/** Pages a projection may be ahead of the slowest (a page's tail filled with the next page). */
export const REBUILD_PAGES_AHEAD = 2;
/**
 * Pages between the commits of a projection that holds its writes across pages (`Projection.flush`):
 * each subject it touches is written once per this many pages, however many of them it appears on.
 */
export const REBUILD_FLUSH_EVERY = 10;
/**
 * Subjects whose rows a holding projection may have unwritten before it commits early, before its
 * `flushEvery` pages are up. Pages span less time as the log interleaves more counties (twenty
 * thousand events are seven months of a county, days of a province), so a flush's worth of pages
 * touches more subjects; this keeps what a projection holds (its unwritten rows and those of the
 * flush before) bounded at any scale. A county's decade touches ~25,000 subjects in all, so there
 * and at ten counties (~25,000 per flush) the pages decide.
 */
export const REBUILD_MAX_UNWRITTEN = 50_000;

/** Where a rebuild's time went so far, per projection and in all. */
export interface RebuildTogetherProgress {
  /** Events of the log read so far (every category). */
  read: number;
  last: Position;
  /**
   * Per projection: events of its categories applied, the milliseconds its `apply` took, its commits
   * (each page's, or, holding its rows, each flush's) and of those the flushes made early (`maxUnwritten`),
   * and the milliseconds its deferred indexes took to build at its end (`Projection.deferredIndexes`).
   */
  projections: Map<string, { events: number; applyMs: number; commits: number; earlyFlushes: number; indexMs: number }>;
  /**
   * Milliseconds, summed over projections, spent waiting for a page: to be read (reads overlap the
   * applying), for the first stage to commit it, or, ahead of the slowest, for room; and committing.
   */
  waitForPageMs: number;
  commitMs: number;
}


/**
 * Rebuilds several projections in one pass over the log: each page is read once (ahead of the
 * projections applying it) and given to every projection, each seeing only its own categories
 * and type prefixes as its runner would. Each projection applies a page and moves its checkpoint
 * in one transaction of its own, so each read model still changes exactly once per event, as with
 * `CheckpointedRunner.rebuild`. A projection that holds its writes (`Projection.flush`: the
 * subject-row projections, `HeldSubjectRows`) folds pages in memory and commits its writes and its
 * checkpoint every `flushEvery` pages and at the end. A projection's `deferredIndexes` are dropped
 * with its rows and built once it has applied the log: until then its read model is partial anyway,
 * and the lists that read it answer from a scan.
 *
 * Each projection goes through the pages at its own pace, on its own connection, up to
 * `pagesAhead` pages ahead of the slowest: a page's tail, where only the slowest projection is
 * still writing (one PostgreSQL process on one core, Node idle), is filled with the others' next
 * pages instead of waiting (bench:province). Projections named in `firstStage` are applied to a
 * page and committed before any other projection applies it: others read them within the page
 * (the organisation tree, in which the deadline board looks its targets up).
 *
 * Takes every projection's advisory lock first and fails, changing nothing, if one is held (its
 * runner is active somewhere). Should one projection fail, the others stop at their next page
 * and may have committed pages beyond it: each read model stays consistent with its own
 * checkpoint, and the rebuild is run again (or any process starts: each projection's setup builds
 * its missing indexes).
 */
export async function rebuildTogether(
  store: EventStore,
  pool: pg.Pool,
  projections: Projection[],
  options: { batchSize?: number; pagesAhead?: number; flushEvery?: number; maxUnwritten?: number; firstStage?: string[]; onProgress?: (progress: RebuildTogetherProgress) => void } = {},
): Promise<RebuildTogetherProgress> {
  const setupClient = await pool.connect();
  try {
    await setupReadModels(setupClient, projections);
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

    // Indexes no one needs while a projection is rebuilt are built once it has applied the log.
    await resetForRebuild(pool, projections, { dropDeferredIndexes: true });

    const progress: RebuildTogetherProgress = {
      read: 0,
      last: { commit: 0n, prepare: -1n },
      projections: new Map(projections.map((p) => [p.name, { events: 0, applyMs: 0, commits: 0, earlyFlushes: 0, indexMs: 0 }])),
      waitForPageMs: 0,
      commitMs: 0,
    };
    const batchSize = options.batchSize ?? REBUILD_PAGE_SIZE;
    // Pages read but not yet applied by every projection: the memory a rebuild holds is this many pages.
    const pagesAhead = Math.max(1, options.pagesAhead ?? REBUILD_PAGES_AHEAD);
    // Projections that fold the same streams with the same decider share each event's fold.
    const folds = new SharedFolds();
    const applying = projections.map((p) => p.forRebuild?.(folds) ?? p);
    const firstStage = applying.filter((p) => options.firstStage?.includes(p.name));
    const secondStage = applying.filter((p) => !options.firstStage?.includes(p.name));
    // Everything committed when the rebuild began (an older open transaction holds newer events back: wait for it).
    const target = await store.latestCommittedPosition();

    const pages = new Map<number, { events: RecordedEvent[]; categories: string[]; to: Position; pending: number }>();
    const read = new PageCount(); // pages read and published, in order; the last one may be the end
    let end: number | undefined; // how many pages there are, once known
    const applied = new PageCount(); // pages every projection has applied
    const appliedBy = new Map(applying.map((p) => [p, new PageCount()]));
    const counts = [read, applied, ...appliedBy.values()];
    const stop = (error: unknown) => {
      for (const count of counts) count.fail(error);
    };

    const readPages = async () => {
      let after: Position | undefined;
      // A read ahead that fails while a page is awaited elsewhere is reported when it is awaited, never unhandled.
      const readAfter = (position: Position | undefined) => {
        const page = store.readAll({ after: position, maxCount: batchSize });
        page.catch(() => undefined);
        return page;
      };
      let next: Promise<ReadAllPage> = readAfter(after);
      for (;;) {
        // Hold no more than `pagesAhead` pages the slowest projection has not applied.
        await applied.reach(read.value - pagesAhead + 1);
        const page = await next;
        const moved = page.lastPosition && (page.events.length > 0 || !after || comparePositions(page.lastPosition, after) !== 0);
        if (page.hasMore && page.lastPosition) next = readAfter(page.lastPosition);
        if (moved) {
          // Each event's category once per page, not once per projection (eleven of them filter every page).
          const categories = page.events.map((event) => streamCategory(event.streamId));
          pages.set(read.value, { events: page.events, categories, to: page.lastPosition!, pending: applying.length });
          after = page.lastPosition!;
          read.advance();
        }
        if (page.hasMore) continue;
        if (!target || (after && comparePositions(after, target) >= 0)) {
          end = read.value;
          read.advance(); // wakes the projections waiting for a page that will not come
          return;
        }
        await sleep(20);
        next = readAfter(after);
      }
    };

    // A projection holding its writes (`flush`) commits them, and its checkpoint, every `flushEvery` pages and at the end;
    // one of the first stage every page, as the others read it within the page. They all flush on the same pages: the
    // projections folding a subject with the same decider (a notice: the board, the assessment facts, the notices list)
    // then write the same state, serialised once (`SharedFolds.json`, its texts let go once every projection has
    // applied the page). Flushing at pages of their own instead (phases, so that their writes spread out) cost a
    // county's rebuild ~10 % more of the CLI's CPU and wall time (bench:province, 2026-12-08).
    const flushEvery = Math.max(1, options.flushEvery ?? REBUILD_FLUSH_EVERY);
    const maxUnwritten = Math.max(1, options.maxUnwritten ?? REBUILD_MAX_UNWRITTEN);

    const applyPages = async (projection: Projection, waitsFor: Projection[]) => {
      const mine = appliedBy.get(projection)!;
      const spent = progress.projections.get(projection.name)!;
      const every = firstStage.includes(projection) ? 1 : flushEvery;
      let untilDue = every; // pages until its next commit falls due, counted from its last (an early one too)
      let committed: Position | undefined; // where its checkpoint stands (none: emptied by the reset)
      let held: { to: Position } | undefined; // pages applied since its last commit
      let analyzed = false; // its tables, once it has committed rows
      for (let index = 0; ; index++) {
        const waited = performance.now();
        await read.reach(index + 1);
        if (index === end) {
          if (held) await applyPage(pool, projection, [], { from: committed, to: held.to }, progress);
          if (projection.deferredIndexes?.length) {
            // While the others still apply pages: PostgreSQL sorts its indexes as the CLI works for them.
            const building = performance.now();
            await buildDeferredIndexes(pool, projection);
            spent.indexMs += performance.now() - building;
          }
          return;
        }
        for (const first of waitsFor) await appliedBy.get(first)!.reach(index + 1);
        progress.waitForPageMs += performance.now() - waited;
        const page = pages.get(index)!;
        const due = !projection.flush || --untilDue === 0;
        // Counted before the page is applied: what it holds stays within the bound and one page's subjects.
        const early = !due && (projection.unwritten?.() ?? 0) >= maxUnwritten;
        const commits = due || early;
        if (commits) untilDue = every;
        await applyPage(pool, projection, eventsOf(projection, page), commits ? { from: committed, to: page.to } : undefined, progress);
        if (commits) {
          committed = page.to;
          held = undefined;
          if (early) spent.earlyFlushes++;
          if (!analyzed && spent.events > 0) {
            const started = performance.now();
            await analyzeAfterReset(pool, projection);
            spent.applyMs += performance.now() - started;
            analyzed = true;
          }
        } else {
          held = { to: page.to };
        }
        mine.advance();
        if (--page.pending === 0) {
          // Pages are finished by every projection in their order: each projection applies them in order.
          pages.delete(index);
          folds.forgetTexts();
          progress.read += page.events.length;
          progress.last = page.to;
          applied.advance();
          options.onProgress?.(progress);
        }
      }
    };

    const tasks = [readPages(), ...firstStage.map((p) => applyPages(p, [])), ...secondStage.map((p) => applyPages(p, firstStage))].map((task) =>
      task.catch((error: unknown) => {
        stop(error);
        throw error;
      }),
    );
    const outcomes = await Promise.allSettled(tasks);
    // The first failure, not the "stopped" errors it caused in the others.
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof Stopped));
    if (failed) throw failed.reason;
    return progress;
  } finally {
    // Ending the session releases every advisory lock it holds.
    await lockClient.end().catch(() => undefined);
  }
}

/** What the other tasks of a rebuild are told when one of them failed. */
class Stopped extends Error {}

/** A count of pages that tasks wait on (`reach`), or that fails every wait once the rebuild stops. */
class PageCount {
  private count = 0;
  private failure: Stopped | undefined;
  private readonly waiting: Array<{ count: number; resolve: () => void; reject: (error: Stopped) => void }> = [];

  get value(): number {
    return this.count;
  }

  advance(): void {
    this.count++;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const waiter = this.waiting[i]!;
      if (waiter.count <= this.count) {
        this.waiting.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once the count is at least `count`. */
  reach(count: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.count >= count) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ count, resolve, reject }));
  }

  fail(cause: unknown): void {
    if (this.failure) return;
    this.failure = new Stopped('the rebuild stopped: another of its projections failed', { cause });
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/** The events of a page the projection reads (all of them when it reads every category and type). */
function eventsOf(projection: Projection, page: { events: RecordedEvent[]; categories: string[] }): RecordedEvent[] {
  if (!projection.categories?.length && !projection.typePrefixes?.length) return page.events;
  return page.events.filter((event, i) => matchesFilter(event.type, page.categories[i]!, projection));
}

/**
 * Applies a page's events (those of the projection's categories and types) to a projection. With `checkpoint`, in one transaction that also flushes what the
 * projection holds (if it holds writes) and moves its checkpoint; without (a projection holding its
 * writes, between flushes), `apply` only reads, outside a transaction.
 */
async function applyPage(
  pool: pg.Pool,
  projection: Projection,
  own: RecordedEvent[],
  checkpoint: { from: Position | undefined; to: Position } | undefined,
  progress: RebuildTogetherProgress,
): Promise<void> {
  const client = await pool.connect();
  const started = performance.now();
  try {
    // A rebuild's commits do not wait for their WAL to reach the disk (synchronous_commit off, this
    // transaction only): should the server crash, the last few pages' commits may be lost, but each
    // read model with its checkpoint (they commit together), so it stands consistent at an earlier
    // page and its runner, or the rebuild run again, carries on from there. Projections make no
    // effect outside their own tables, so nothing else has seen what was lost.
    if (checkpoint) await client.query('begin; set local synchronous_commit = off');
    try {
      if (own.length > 0) await projection.apply(own, client);
      if (checkpoint && projection.flush) await projection.flush(client);
    } catch (error) {
      const first = own[0];
      throw new Error(
        `Projection ${projection.name} failed ${first ? `on a batch starting at ${first.type} ${first.streamId}@${first.streamRevision} (position ${first.globalPosition})` : `writing the rows it held up to position ${checkpoint?.to.prepare}`}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (checkpoint) {
      if (!(await advanceCheckpoint(client, projection.name, checkpoint.from, checkpoint.to))) {
        throw new Error(`Projection ${projection.name}: the checkpoint was moved by another runner; stopping the rebuild`);
      }
      const committing = performance.now();
      await client.query('commit');
      progress.commitMs += performance.now() - committing;
    }
    const spent = progress.projections.get(projection.name)!;
    if (checkpoint) spent.commits++;
    spent.events += own.length;
    spent.applyMs += performance.now() - started;
  } catch (error) {
    if (checkpoint) await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

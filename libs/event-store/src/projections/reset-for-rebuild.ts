import type pg from 'pg';
import { sleep } from '../polling-subscription.js';
import { deleteCheckpoint } from './checkpoint-store.js';
import { createIndexSql, dropIndexSql, type Projection } from './projection.js';

/** PostgreSQL's lock_not_available: the lock_timeout below ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Empties read models and their checkpoints for a rebuild, each projection in a transaction of
 * its own (its tables and its checkpoint together), without ever deadlocking a reader.
 *
 * One transaction for all of them deadlocked with readers: holding the organisation tree it had
 * emptied, it waited for the board's table while a board request, holding that one, waited for the
 * tree. Each wait then ran out and the reset started again, and against a board asked without pause
 * every attempt met one (bench:province: the CLI gave up after 100). A projection's own tables are
 * still emptied one after another, so a reader of two of them can meet the same: each lock is
 * waited for at most 200 ms, less than PostgreSQL's deadlock_timeout (1 s), and the reset gives way
 * and starts that projection again a moment later, so the user's request is never the victim.
 *
 * A reset interrupted half-way leaves some read models empty with no checkpoint: their runners,
 * or the rebuild run again, replay them from zero.
 *
 * `dropDeferredIndexes`: each projection's `deferredIndexes` go with its rows, in the same
 * transaction (`buildDeferredIndexes` makes them again once it has applied the log).
 */
export async function resetForRebuild(pool: pg.Pool, projections: Projection[], options: { dropDeferredIndexes?: boolean } = {}): Promise<void> {
  for (const projection of projections) await resetOne(pool, projection, options.dropDeferredIndexes ?? false);
}

async function resetOne(pool: pg.Pool, projection: Projection, dropDeferredIndexes: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query("set local lock_timeout = '200ms'");
      await projection.reset(client);
      if (dropDeferredIndexes) for (const index of projection.deferredIndexes ?? []) await client.query(dropIndexSql(index));
      await deleteCheckpoint(client, projection.name);
      await client.query('commit');
      return;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt >= 100) throw error;
    } finally {
      client.release();
    }
    await sleep(Math.min(20 * attempt, 500));
  }
}

/**
 * `analyze` of a projection's tables (`Projection.tables`), for a rebuild to run once, after its
 * first commit of rows: the reset left the tables empty, and from then on the planner has their
 * distribution and scales it with their size as they grow. Not again: an `analyze` of a full table
 * costs ~0.1–1 s (bench:province: ~15 % of a county's rebuild when run at pages 1, 4, 16 and the
 * end); autovacuum analyzes the tables once the rebuild has filled them.
 */
export async function analyzeAfterReset(pool: pg.Pool, projection: Projection): Promise<void> {
  if (projection.tables?.length) await pool.query(`analyze ${projection.tables.join(', ')}`);
}

/**
 * Builds a projection's `deferredIndexes` (those a reset dropped), one statement each: for a
 * rebuild, once the projection has applied the whole log. Each build sorts the table once, where
 * maintaining the index row by row cost the timeline's writes about as much again as the rows
 * themselves at a county, and more the larger it grew past shared buffers (bench:province).
 */
export async function buildDeferredIndexes(pool: pg.Pool, projection: Projection): Promise<void> {
  for (const index of projection.deferredIndexes ?? []) await pool.query(createIndexSql(index));
}

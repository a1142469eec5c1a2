import type pg from 'pg';
import { sleep } from '../polling-subscription.js';
import { deleteCheckpoint } from './checkpoint-store.js';
import type { Projection } from './projection.js';

/** PostgreSQL's lock_not_available: the lock_timeout below ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Empties read models and their checkpoints for a rebuild, in one transaction, without ever
 * deadlocking a reader. A reset truncates its tables one after another (each an exclusive lock),
 * while a query that joins two of them (the board: deadlines and organisations) may hold one and
 * wait for the other: PostgreSQL would then abort one of the two after deadlock_timeout (1 s),
 * possibly the user's request. Here each lock is waited for at most 200 ms, less than that
 * timeout: the reset gives way, starts again a moment later, and readers are never the victim.
 */
export async function resetForRebuild(pool: pg.Pool, projections: Projection[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query("set local lock_timeout = '200ms'");
      for (const projection of projections) {
        await projection.reset(client);
        await deleteCheckpoint(client, projection.name);
      }
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

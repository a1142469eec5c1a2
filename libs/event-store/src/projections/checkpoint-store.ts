import type pg from 'pg';
import type { Position } from '@app/kernel';
import { createIndexSql, type Projection } from './projection.js';

export async function setupCheckpoints(client: pg.ClientBase): Promise<void> {
  await client.query(`
    create schema if not exists read;
    create table if not exists read.checkpoints (
      name       text primary key,
      commit_pos text not null,
      prepare_pos bigint not null,
      updated_at timestamptz not null default now()
    )`);
}

/** Held while read models are set up, by any process (an advisory lock of the transaction's). */
export const READ_MODELS_SETUP_LOCK = 7_331_002;

/**
 * The checkpoints' table and these projections' tables and deferred indexes, in one transaction that holds a lock every
 * process setting read models up takes: the API and the worker start together, and a setup that
 * replaces an older shape (drop, create, forget the checkpoint: the timeline's) must not interleave
 * with another process's — the second would drop what the first created and filled meanwhile.
 */
export async function setupReadModels(client: pg.ClientBase, projections: ReadonlyArray<Pick<Projection, 'setup' | 'deferredIndexes'>>): Promise<void> {
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [READ_MODELS_SETUP_LOCK]);
    await setupCheckpoints(client);
    for (const projection of projections) {
      await projection.setup(client);
      // Its deferred indexes after its tables, each if missing (a rebuild that stopped before building them).
      for (const index of projection.deferredIndexes ?? []) await client.query(createIndexSql(index));
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

export async function loadCheckpoint(client: pg.ClientBase, name: string): Promise<Position | undefined> {
  return (await loadCheckpoints(client, [name])).get(name);
}

/** The stored checkpoints of several runners in one query; a name that never stored one is absent. */
export async function loadCheckpoints(db: pg.ClientBase | pg.Pool, names: string[]): Promise<Map<string, Position>> {
  const { rows } = await db.query<{ name: string; commit_pos: string; prepare_pos: string }>(
    'select name, commit_pos, prepare_pos from read.checkpoints where name = any($1::text[])',
    [names],
  );
  return new Map(rows.map((r) => [r.name, { commit: BigInt(r.commit_pos), prepare: BigInt(r.prepare_pos) }]));
}

/**
 * Moves the checkpoint from `from` to `to`; false when somebody else moved it meanwhile
 * (a second runner despite the lock): the caller rolls back and stops.
 */
export async function advanceCheckpoint(client: pg.ClientBase, name: string, from: Position | undefined, to: Position): Promise<boolean> {
  if (!from) {
    const { rowCount } = await client.query(
      `insert into read.checkpoints (name, commit_pos, prepare_pos) values ($1, $2, $3) on conflict (name) do nothing`,
      [name, to.commit.toString(), to.prepare.toString()],
    );
    return rowCount === 1;
  }
  const { rowCount } = await client.query(
    `update read.checkpoints set commit_pos = $2, prepare_pos = $3, updated_at = now()
     where name = $1 and commit_pos = $4 and prepare_pos = $5`,
    [name, to.commit.toString(), to.prepare.toString(), from.commit.toString(), from.prepare.toString()],
  );
  return rowCount === 1;
}

export async function deleteCheckpoint(client: pg.ClientBase, name: string): Promise<void> {
  await client.query('delete from read.checkpoints where name = $1', [name]);
}

import type pg from 'pg';
import { newId, type RecordedEvent } from '@app/kernel';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { event } from '../testing/event-store.contract.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { loadCheckpoints } from './checkpoint-store.js';
import { rebuildTogether } from './rebuild-together.js';
import type { Projection, ReadModelIndex } from './projection.js';

/**
 * One row per event in a table of its own (a double apply breaks the primary key). `duringApply`
 * runs inside the projection's transaction, before its rows are written.
 */
function logProjection(
  name: string,
  duringApply?: (events: RecordedEvent[], client: pg.ClientBase) => Promise<void>,
): Projection & { table: string } {
  const table = `read.log_${name}`;
  return {
    name,
    table,
    categories: ['notice'],
    async setup(client) {
      await client.query(`create table if not exists ${table} (global_position bigint primary key, type text not null)`);
    },
    async apply(events, client) {
      await duringApply?.(events, client);
      await client.query(`insert into ${table} (global_position, type) select * from unnest($1::bigint[], $2::text[])`, [
        events.map((e) => e.globalPosition.toString()),
        events.map((e) => e.type),
      ]);
    },
    async reset(client) {
      await client.query(`truncate ${table}`);
    },
  };
}

/**
 * Like `logProjection`, but holding its rows across pages (as `HeldSubjectRows` does): `apply` keeps
 * them in memory, `flush` writes them. At each flush, what another connection sees (the rows and
 * the checkpoint committed so far) is noted.
 */
function heldLogProjection(name: string, pool: pg.Pool): Projection & { table: string; flushes: Array<{ rows: number; checkpoint: string | undefined }> } {
  const log = logProjection(name);
  let held: RecordedEvent[] = [];
  const flushes: Array<{ rows: number; checkpoint: string | undefined }> = [];
  return {
    ...log,
    flushes,
    async apply(events) {
      held.push(...events);
    },
    async flush(client) {
      const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from ${log.table}`);
      flushes.push({ rows: rows[0]!.n, checkpoint: (await loadCheckpoints(pool, [name])).get(name)?.prepare.toString() });
      await log.apply(held, client);
      held = [];
    },
    unwritten: () => held.length, // an event is a subject here
  };
}

describe('rebuildTogether: several projections, one pass over the log (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const positions = async (table: string) =>
    (await database.pool.query<{ global_position: string }>(`select global_position from ${table} order by 1`)).rows.map((r) => r.global_position);

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { pollIntervalMs: 50 });
    // One transaction for the whole log: a page is never cut short by another database's transaction still open
    // between two appends (gap safety holds back what follows it), so the pages are always of `batchSize`.
    const requests = Array.from({ length: 40 }, (_, i) => ({ streamId: `notice-${newId()}`, events: [event(`E${i}`)], expected: 'no_stream' as const }));
    requests.push({ streamId: `org-${newId()}`, events: [event('NotANotice')], expected: 'no_stream' });
    const outcomes = await store.appendMany(requests);
    expect(outcomes.filter((o) => o instanceof Error)).toEqual([]);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('applies every event once to each projection; the first stage has committed a page before the others apply it', async () => {
    const tree = logProjection('tree');
    const late: string[] = [];
    // Reads the tree's committed rows from its own transaction: each event of its page must be there.
    const board = logProjection('board', async (events, client) => {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from read.log_tree where global_position = any($1::bigint[])', [
        events.map((e) => e.globalPosition.toString()),
      ]);
      if (rows[0]!.n !== events.length) late.push(`${events[0]!.globalPosition}: ${rows[0]!.n} of ${events.length}`);
    });
    // Slow: the others run ahead of it.
    const slow = logProjection('slow', () => new Promise((resolve) => setTimeout(resolve, 15)));
    const seen: number[] = [];

    const progress = await rebuildTogether(store, database.pool, [tree, board, slow], {
      batchSize: 3,
      pagesAhead: 2,
      firstStage: ['tree'],
      onProgress: (p) => seen.push(p.read),
    });

    expect(late).toEqual([]);
    const all = await positions(tree.table);
    expect(all).toHaveLength(40);
    expect(await positions(board.table)).toEqual(all);
    expect(await positions(slow.table)).toEqual(all);
    // Progress counts a page once every projection has applied it, in order, to the end of the log.
    expect(progress.read).toBe(41);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(41);
    const checkpoints = await loadCheckpoints(database.pool, ['tree', 'board', 'slow']);
    const last = (await store.latestCommittedPosition())!;
    for (const name of ['tree', 'board', 'slow']) expect(checkpoints.get(name)).toEqual(last);
  });

  it('commits a projection that holds its rows every flushEvery pages and at the end, its checkpoint with them', async () => {
    const plain = logProjection('plain');
    const held = heldLogProjection('held', database.pool);
    const other = heldLogProjection('other', database.pool);
    await rebuildTogether(store, database.pool, [plain, held, other], { batchSize: 3, pagesAhead: 2, flushEvery: 4 });
    const all = await positions(plain.table);
    expect(await positions(held.table)).toEqual(all);
    expect(await positions(other.table)).toEqual(all);
    // 41 events in 14 pages: flushed after pages 4, 8 and 12, and at the end (13 and 14).
    expect(held.flushes.map((f) => f.rows)).toEqual([0, 12, 24, 36]);
    // Between flushes nothing of it is committed, its checkpoint neither: each flush finds both where the last left them.
    expect(held.flushes.map((f) => f.checkpoint)).toEqual([undefined, all[11], all[23], all[35]]);
    // The second on the same pages (projections writing the same subjects' states serialise each once).
    expect(other.flushes.map((f) => f.checkpoint)).toEqual([undefined, all[11], all[23], all[35]]);
    const head = await store.latestCommittedPosition();
    for (const name of ['held', 'other']) expect((await loadCheckpoints(database.pool, [name])).get(name)).toEqual(head);
  });

  it('commits a holding projection early when its unwritten subjects reach the bound, whatever its flushEvery', async () => {
    const held = heldLogProjection('held', database.pool);
    const progress = await rebuildTogether(store, database.pool, [held], { batchSize: 3, flushEvery: 100, maxUnwritten: 5 });
    expect(await positions(held.table)).toHaveLength(40);
    // Pages of 3: 6 unwritten after two pages, so the third page is flushed with them (9 rows), and so on; the rest at the end.
    expect(held.flushes.map((f) => f.rows)).toEqual([0, 9, 18, 27, 36]);
    const all = await positions(held.table);
    expect(held.flushes.map((f) => f.checkpoint)).toEqual([undefined, all[8], all[17], all[26], all[35]]);
    expect(progress.projections.get('held')).toMatchObject({ events: 40, commits: 5, earlyFlushes: 4 });
  });

  it('counts the pages to its next commit from an early one', async () => {
    const held = heldLogProjection('held', database.pool);
    // Over the bound once, after its third page (6 unwritten before it); never again.
    const unwritten = held.unwritten!;
    let once = true;
    held.unwritten = () => (unwritten() >= 6 && once ? ((once = false), Infinity) : unwritten());
    await rebuildTogether(store, database.pool, [held], { batchSize: 3, flushEvery: 4, maxUnwritten: 100 });
    // Early after page 3, then due 4 pages later (7, 11), and at the end: not after pages 4, 8, 12 as without it.
    expect(held.flushes.map((f) => f.rows)).toEqual([0, 9, 21, 33]);
    expect(await positions(held.table)).toHaveLength(40);
  });

  it("analyzes a projection's tables once it has committed rows: plans made meanwhile are made for rows, not an empty table", async () => {
    const reltuples = async (client: pg.Pool | pg.ClientBase, table: string) =>
      (await client.query<{ n: number }>('select reltuples::int as n from pg_class where oid = $1::regclass', [table])).rows[0]!.n;
    const seen: number[] = [];
    const watched = Object.assign(
      logProjection('watched', async (_events, client) => {
        seen.push(await reltuples(client, 'read.log_watched'));
      }),
      { tables: ['read.log_watched'] },
    );
    await rebuildTogether(store, database.pool, [watched], { batchSize: 3 });
    // 41 events in 14 pages of 3: emptied by the reset (never analyzed: -1), analyzed after page 1 (3 rows), not again.
    expect(seen).toEqual([-1, ...Array<number>(13).fill(3)]);
    // A holding projection: after its first flush (pages 1-4: 12 rows).
    const heldSeen: number[] = [];
    const held = heldLogProjection('held', database.pool);
    const flush = held.flush!.bind(held);
    held.flush = async (client) => {
      heldSeen.push(await reltuples(database.pool, 'read.log_held'));
      await flush(client);
    };
    await rebuildTogether(store, database.pool, [Object.assign(held, { tables: ['read.log_held'] })], { batchSize: 3, flushEvery: 4 });
    expect(heldSeen).toEqual([-1, 12, 12, 12]);
  });

  it('names the projection whose last flush failed, and where it was', async () => {
    const held = heldLogProjection('held', database.pool);
    const flush = held.flush!.bind(held);
    let flushes = 0;
    held.flush = async (client) => {
      // The fourth flush is the last (after pages 4, 8, 12, then at the end): it has no page of its own.
      if (++flushes === 4) throw new Error('disk full');
      await flush(client);
    };
    await expect(rebuildTogether(store, database.pool, [held], { batchSize: 3, flushEvery: 4 })).rejects.toThrow(
      new RegExp(`Projection held failed writing the rows it held up to position ${(await store.latestCommittedPosition())!.prepare}: disk full`),
    );
    // What the earlier flushes committed stays, with its checkpoint.
    expect(await positions(held.table)).toHaveLength(36);
  });

  it('flushes a projection of the first stage on every page (the others read it within the page)', async () => {
    const held = heldLogProjection('held', database.pool);
    await rebuildTogether(store, database.pool, [held, logProjection('board')], { batchSize: 3, flushEvery: 4, firstStage: ['held'] });
    expect(held.flushes).toHaveLength(14);
    expect(await positions(held.table)).toHaveLength(40);
  });

  it("builds a projection's deferred indexes once it has applied the log, not row by row; the others' stay", async () => {
    const indexesOf = async (client: pg.Pool | pg.ClientBase, table: string) =>
      (await client.query<{ indexname: string }>("select indexname from pg_indexes where schemaname = 'read' and tablename = $1 order by 1", [table])).rows.map(
        (r) => r.indexname,
      );
    const byType: ReadModelIndex = { name: 'log_deferred_type', table: 'read.log_deferred', on: '(type)' };
    // Made by an older setup as the table's primary key constraint under the index's name: dropped and built back as an index.
    const key: ReadModelIndex = { name: 'log_deferred_key', table: 'read.log_deferred', on: '(global_position)', unique: true };
    const seenDuring: string[][] = [];
    const base = logProjection('deferred', async (_events, client) => {
      seenDuring.push(await indexesOf(client, 'log_deferred'));
    });
    const deferred: Projection = {
      ...base,
      deferredIndexes: [byType, key],
      async setup(client) {
        await client.query(`create table if not exists read.log_deferred (global_position bigint, type text not null,
          constraint log_deferred_key primary key (global_position))`);
      },
    };
    const plain = logProjection('kept');
    const kept: Projection = {
      ...plain,
      async setup(client) {
        await plain.setup(client);
        await client.query('create index if not exists log_kept_type on read.log_kept (type)');
      },
    };

    const progress = await rebuildTogether(store, database.pool, [deferred, kept], { batchSize: 3 });

    // While it applied the log: neither of its deferred indexes (the primary key constraint dropped with its index).
    expect(seenDuring).toHaveLength(14);
    for (const seen of seenDuring) expect(seen).toEqual([]);
    // After: both built, the key unique again (a second row at a position fails), every row there.
    expect(await indexesOf(database.pool, 'log_deferred')).toEqual(['log_deferred_key', 'log_deferred_type']);
    await expect(database.pool.query("insert into read.log_deferred values ((select min(global_position) from read.log_deferred), 'again')")).rejects.toThrow(
      /duplicate key value violates unique constraint "log_deferred_key"/,
    );
    expect(await positions('read.log_deferred')).toHaveLength(40);
    expect(progress.projections.get('deferred')!.indexMs).toBeGreaterThan(0);
    // A projection with none keeps its indexes all along.
    expect(await indexesOf(database.pool, 'log_kept')).toEqual(['log_kept_pkey', 'log_kept_type']);
    expect(progress.projections.get('kept')!.indexMs).toBe(0);
  });

  it('keeps the others no more than pagesAhead pages ahead of the slowest', async () => {
    let slowDone = 0;
    let fastStarted = 0;
    let furthest = 0;
    const slow = logProjection('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      slowDone++; // its rows and checkpoint commit just after: counted a little early, never late
    });
    const fast = logProjection('fast', async () => {
      fastStarted++;
      furthest = Math.max(furthest, fastStarted - slowDone);
    });
    await rebuildTogether(store, database.pool, [slow, fast], { batchSize: 2, pagesAhead: 2 });
    expect(fastStarted).toBe(20); // 20 pages of notices (the last page, the org event alone, is not its category)
    expect(furthest).toBeGreaterThan(1); // it did run ahead
    expect(furthest).toBeLessThanOrEqual(3); // its page, and at most two read past the slowest's
  });

  it('reports the failing projection, stops the others, and a second run rebuilds everything exactly once', async () => {
    let failing = true;
    const steady = logProjection('steady');
    const failer = logProjection('failer', async (events) => {
      if (failing && events.some((e) => e.type === 'E20')) throw new Error('boom');
    });
    await expect(rebuildTogether(store, database.pool, [steady, failer], { batchSize: 2, pagesAhead: 2 })).rejects.toThrow(
      /Projection failer failed on a batch starting at E20 notice-.*@0 \(position \d+\): boom/,
    );
    // The steady one stopped a few pages past the failure, not at the end of the log.
    const stoppedAt = (await positions(steady.table)).length;
    expect(stoppedAt).toBeLessThan(40);
    expect((await positions(failer.table)).length).toBe(20);

    failing = false;
    await rebuildTogether(store, database.pool, [steady, failer], { batchSize: 2, pagesAhead: 2 });
    expect(await positions(steady.table)).toHaveLength(40);
    expect(await positions(failer.table)).toEqual(await positions(steady.table));
  });
});

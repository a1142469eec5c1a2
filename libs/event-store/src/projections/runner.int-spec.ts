import type pg from 'pg';
import { newId, type RecordedEvent } from '@app/kernel';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { waitFor } from '../../../../test/support/wait.js';
import { event } from '../testing/event-store.contract.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { READ_MODELS_SETUP_LOCK } from './checkpoint-store.js';
import { CheckpointedRunner } from './runner.js';
import type { Projection, Reactor } from './projection.js';

/** One row per event: a double apply would break the primary key; a miss shows in the count. */
function eventLog(failOn?: (e: RecordedEvent) => boolean): Projection {
  return {
    name: 'event-log',
    categories: ['notice'],
    async setup(client: pg.ClientBase) {
      await client.query('create table if not exists read.event_log (event_id uuid primary key, type text not null)');
    },
    async apply(events: RecordedEvent[], client: pg.ClientBase) {
      for (const e of events) {
        if (failOn?.(e)) throw new Error('boom');
        await client.query('insert into read.event_log (event_id, type) values ($1, $2)', [e.eventId, e.type]);
      }
    },
    async reset(client: pg.ClientBase) {
      await client.query('truncate read.event_log');
    },
  };
}

describe('checkpointed projection runner (PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const count = async () => Number((await database.pool.query('select count(*) from read.event_log')).rows[0].count);

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('applies each event once, across a restart, and follows live appends', async () => {
    await store.append(`notice-${newId()}`, [event('A'), event('B')], 'no_stream');
    await store.append(`org-${newId()}`, [event('Ignored')], 'no_stream');
    const runner = CheckpointedRunner.forProjection(store, database.pool, eventLog(), { retryDelayMs: 50 });
    await runner.setup();
    runner.start();
    await waitForCount(2);
    await runner.stop();

    await store.append(`notice-${newId()}`, [event('C')], 'no_stream');
    const restarted = CheckpointedRunner.forProjection(store, database.pool, eventLog(), { retryDelayMs: 50 });
    restarted.start();
    await waitForCount(3);
    await store.append(`notice-${newId()}`, [event('D')], 'no_stream');
    await waitForCount(4);
    const status = await restarted.status();
    expect(status).toMatchObject({ name: 'event-log', state: 'running', lag: 0, lastError: null });
    await restarted.stop();
  });

  it('sets read models up one process at a time, each setup whole in its transaction', async () => {
    const holder = await database.pool.connect();
    let done = false;
    let setup: Promise<unknown> = Promise.resolve();
    try {
      await holder.query('select pg_advisory_lock($1)', [READ_MODELS_SETUP_LOCK]); // another process setting up
      setup = CheckpointedRunner.forProjection(store, database.pool, eventLog()).setup().then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
    } finally {
      await holder.query('select pg_advisory_unlock_all()');
      holder.release();
      await setup;
    }
    expect(await count()).toBe(0);

    const halfMade: Projection = {
      ...eventLog(),
      async setup(client: pg.ClientBase) {
        await client.query('create table read.half_made (x int)');
        throw new Error('setup failed');
      },
    };
    await expect(CheckpointedRunner.forProjection(store, database.pool, halfMade).setup()).rejects.toThrow('setup failed');
    expect((await database.pool.query("select to_regclass('read.half_made') as t")).rows[0].t).toBeNull();
  });

  it("sets a projection's deferred indexes up after its tables, each only if missing", async () => {
    const indexed: Projection = {
      ...eventLog(),
      deferredIndexes: [{ name: 'indexed_kind', table: 'read.indexed', on: '(kind)' }],
      async setup(client: pg.ClientBase) {
        await client.query('create table if not exists read.indexed (kind text)');
      },
    };
    await CheckpointedRunner.forProjection(store, database.pool, indexed).setup();
    await database.pool.query('drop index read.indexed_kind'); // a rebuild stopped before building it
    await CheckpointedRunner.forProjection(store, database.pool, indexed).setup();
    await CheckpointedRunner.forProjection(store, database.pool, indexed).setup(); // and again: kept as it is
    const { rows } = await database.pool.query("select indexname from pg_indexes where schemaname = 'read' and tablename = 'indexed'");
    expect(rows).toEqual([{ indexname: 'indexed_kind' }]);
  });

  it('lets only one runner per projection be active (advisory lock); the other takes over when it stops', async () => {
    const first = CheckpointedRunner.forProjection(store, database.pool, eventLog(), { retryDelayMs: 50 });
    const second = CheckpointedRunner.forProjection(store, database.pool, eventLog(), { retryDelayMs: 50 });
    await first.setup();
    first.start();
    await waitForState(first, 'running');
    second.start();
    await waitForState(second, 'waiting_for_lock');
    await store.append(`notice-${newId()}`, [event('A')], 'no_stream');
    await waitForCount(1);
    await first.stop();
    await waitForState(second, 'running');
    await store.append(`notice-${newId()}`, [event('B')], 'no_stream');
    await waitForCount(2);
    await second.stop();
  });

  it('rolls back a failing batch, reports the position, and retries it from the checkpoint', async () => {
    let failing = true;
    const runner = CheckpointedRunner.forProjection(store, database.pool, eventLog((e) => failing && e.type === 'Bad'), { retryDelayMs: 50, batchSize: 10 });
    await runner.setup();
    await store.append(`notice-${newId()}`, [event('Good'), event('Bad')], 'no_stream');
    runner.start();
    await waitForState(runner, 'failed');
    const status = await runner.status();
    expect(status.lastError).toMatch(/event-log failed on a batch starting at Good notice-.*@0 \(position \d+\): boom/);
    expect(await count()).toBe(0); // the good event of the failed batch was rolled back too
    failing = false;
    await waitForCount(2);
    await runner.stop();
  });

  it('rebuilds from zero to the same result', async () => {
    for (let i = 0; i < 30; i++) await store.append(`notice-${newId()}`, [event('E')], 'no_stream');
    const runner = CheckpointedRunner.forProjection(store, database.pool, eventLog(), { batchSize: 7 });
    await runner.setup();
    expect(await runner.catchUp()).toBe(30);
    const progress: number[] = [];
    expect(await runner.rebuild((n) => progress.push(n))).toBe(30);
    expect(await count()).toBe(30);
    expect(progress.at(-1)).toBe(30);
  });

  it("analyzes the projection's tables after a rebuild's first batch of rows, never on a plain catch-up", async () => {
    // One transaction: no other database's open transaction can cut a batch short.
    const outcomes = await store.appendMany(Array.from({ length: 30 }, () => ({ streamId: `notice-${newId()}`, events: [event('E')], expected: 'no_stream' as const })));
    expect(outcomes.filter((o) => o instanceof Error)).toEqual([]);
    const seen: number[] = [];
    const log = eventLog();
    const watched: Projection = {
      ...log,
      tables: ['read.event_log'],
      async apply(events, client) {
        const { rows } = await client.query<{ n: number }>("select reltuples::int as n from pg_class where oid = 'read.event_log'::regclass");
        seen.push(rows[0]!.n);
        await log.apply(events, client);
      },
    };
    const runner = CheckpointedRunner.forProjection(store, database.pool, watched, { batchSize: 7 });
    await runner.setup();
    expect(await runner.catchUp()).toBe(30);
    // Never analyzed (-1): a catch-up leaves statistics to autovacuum.
    expect(seen).toEqual([-1, -1, -1, -1, -1]);
    seen.length = 0;
    expect(await runner.rebuild()).toBe(30);
    // Emptied by the reset (-1 again), then analyzed once after the first batch (7 rows), not again.
    expect(seen).toEqual([-1, 7, 7, 7, 7]);
  });

  it('runs a reactor at least once per event and resumes from its checkpoint', async () => {
    const seen: string[] = [];
    const reactor: Reactor = { name: 'echo', async handle(events) { seen.push(...events.map((e) => e.type)); } };
    const runner = CheckpointedRunner.forReactor(store, database.pool, reactor, { retryDelayMs: 50 });
    await runner.setup();
    await store.append(`notice-${newId()}`, [event('A')], 'no_stream');
    runner.start();
    await waitFor(() => seen.length === 1);
    await runner.stop();
    await store.append(`notice-${newId()}`, [event('B')], 'no_stream');
    runner.start();
    await waitFor(() => seen.length === 2);
    await runner.stop();
    expect(seen).toEqual(['A', 'B']);
  });

  const waitForCount = (n: number) => waitFor(async () => (await count().catch(() => -1)) === n, 5000, `${n} rows`, 20);
  const waitForState = (runner: CheckpointedRunner, state: string) => waitFor(async () => (await runner.status()).state === state, 5000, `the runner ${state}`, 20);
});

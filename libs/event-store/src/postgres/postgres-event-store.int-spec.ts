import pg from 'pg';
import { newId } from '@app/kernel';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { collect, event, eventStoreContract, untilVisible, waitFor } from '../testing/event-store.contract.js';
import { EventUpcasters } from '../upcasters.js';
import { PostgresEventStore } from './postgres-event-store.js';

eventStoreContract('postgres', async () => {
  const database = await createTestDatabase();
  const store = await PostgresEventStore.create(database.pool, { pollIntervalMs: 100 });
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});

/*
 * The ordering races of DESIGN §3: positions come from a sequence, so a transaction can take
 * a position and commit after one that took a later position. Readers must wait, never skip.
 */
describe('postgres event store: global order under overlapping transactions', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let slow: pg.Client;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { pollIntervalMs: 50 });
    slow = new pg.Client(database.url);
    await slow.connect();
  });
  afterEach(async () => {
    await slow.end().catch(() => undefined);
    await store.close();
    await database.drop();
  });

  /** Appends inside an open transaction on `client`, taking a position now and committing later. */
  async function beginSlowAppend(client: pg.Client, type: string): Promise<void> {
    await client.query('begin');
    await client.query(
      `insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
       values ($1, 0, 'notice', $2, $3, 1, '{}', '{"actorId":"slow"}', now())`,
      [`notice-slow-${type}`, newId(), type],
    );
  }

  it('does not pass a slow transaction that started first and commits last, then delivers it in order', async () => {
    await store.append(`notice-${newId()}`, [event('Before')], 'no_stream');
    await beginSlowAppend(slow, 'Slow'); // takes the next position
    await store.append(`notice-${newId()}`, [event('Fast')], 'no_stream'); // later position, commits first

    // Counts the subscription's reads of the log made after it delivered 'Before': each of them
    // ran with 'Fast' committed, so each is a chance to pass the undecided 'Slow'.
    const seen: string[] = [];
    let readsSinceBefore = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = async (options) => {
      const delivered = seen.length;
      const page = await readAll(options);
      if (delivered >= 1) readsSinceBefore++;
      return page;
    };
    const subscription = store.subscribe(async (events) => {
      seen.push(...events.map((e) => e.type));
    });
    await waitFor(() => seen.length >= 1, 5000, 'first event');
    await waitFor(() => readsSinceBefore >= 3, 5000, 'three more reads of the log');
    expect(seen).toEqual(['Before']); // 'Fast' is held back while 'Slow' is undecided

    await slow.query('commit');
    await waitFor(() => seen.length === 3, 5000, 'slow and fast events');
    await subscription.stop();
    // Delivered in the global order, (transaction id, position): the slow transaction took its id
    // first, so its event comes before the fast one, though it committed last. Nothing skipped,
    // nothing twice, and the exact order asserted (not sorted).
    expect(seen).toEqual(['Before', 'Slow', 'Fast']);
    const all = await collect(store);
    expect(all).toHaveLength(3);
  });

  it('moves on after a rolled-back transaction without waiting for its position', async () => {
    await beginSlowAppend(slow, 'RolledBack');
    const kept = await store.append(`notice-${newId()}`, [event('Kept')], 'no_stream');
    expect((await store.readAll()).events).toEqual([]);
    await slow.query('rollback');
    await untilVisible(store, kept.position);
    const page = await store.readAll();
    expect(page.events.map((e) => e.type)).toEqual(['Kept']);
  });

  it('stalls readers (never skips) while an unrelated transaction stays open, and reports it in the head', async () => {
    await slow.query('begin');
    await slow.query('create table unrelated (id int)');
    await slow.query("select pg_current_xact_id()"); // holds the oldest running xid
    const after = await store.append(`notice-${newId()}`, [event('AfterUnrelated')], 'no_stream');
    expect((await store.readAll()).events).toHaveLength(0);
    expect(await store.headPosition()).toBeUndefined();
    await slow.query('commit');
    await untilVisible(store, after.position);
    expect((await store.readAll()).events.map((e) => e.type)).toEqual(['AfterUnrelated']);
  });

  it('under many concurrent writers, a reader that follows along sees every event exactly once', async () => {
    const seen = new Map<string, number>();
    const subscription = store.subscribe(async (events) => {
      for (const e of events) seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1);
    }, { batchSize: 50 });
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const id = `notice-w${writer}-${newId()}`;
      for (let i = 0; i < 40; i++) await store.append(id, [event('E', { writer, i })], i - 1 === -1 ? 'no_stream' : i - 1);
    });
    await Promise.all(writers);
    await waitFor(() => seen.size === 320, 10000, 'all 320 events');
    await subscription.stop();
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('postgres event store: appendMany', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { listen: false });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('writes a batch without conflicts in one transaction, in request order', async () => {
    const streams = Array.from({ length: 5 }, () => `notice-${newId()}`);
    await store.append(streams[1]!, [event('Issued')], 'no_stream');
    const outcomes = await store.appendMany(streams.map((streamId, i) => ({
      streamId, events: [event(`E${i}a`), event(`E${i}b`)], expected: i === 1 ? 0 : 'no_stream',
    })));
    expect(outcomes.every((o) => !(o instanceof Error))).toBe(true);
    const { rows } = await database.pool.query<{ txids: number; types: string[] }>(
      `select count(distinct transaction_id)::int as txids, array_agg(type order by global_position) as types
       from es.events where stream_id = any($1) and type <> 'Issued'`,
      [streams],
    );
    expect(rows[0]!.txids).toBe(1);
    expect(rows[0]!.types).toEqual(streams.flatMap((_, i) => [`E${i}a`, `E${i}b`]));
  });

  it('leaves no stream half appended when one request of the batch conflicts', async () => {
    const [a, b] = [`notice-${newId()}`, `notice-${newId()}`];
    await store.append(b, [event('B0')], 'no_stream');
    const outcomes = await store.appendMany([
      { streamId: a, events: [event('A0'), event('A1')], expected: 'no_stream' },
      { streamId: b, events: [event('B1'), event('B2')], expected: 'no_stream' },
    ]);
    expect(outcomes[1]).toMatchObject({ name: 'WrongExpectedVersion', actual: 0 });
    expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'A1']);
    expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0']);
  });
});

describe('postgres event store: upcasting', () => {
  it('upcasts what every read gives, the fold-only read of many streams included', async () => {
    const database = await createTestDatabase();
    const upcasters = new EventUpcasters().register('Issued', 1, ({ due, ...rest }) => ({ ...rest, dueAt: due }));
    const store = await PostgresEventStore.create(database.pool, { listen: false, upcasters });
    try {
      const id = `notice-${newId()}`;
      await store.append(id, [event('Issued', { title: 't', due: '2026-12-01T00:00:00Z' })], 'no_stream');
      const expected = { type: 'Issued', schemaVersion: 2, streamRevision: 0, data: { title: 't', dueAt: '2026-12-01T00:00:00Z' } };
      expect((await store.readStream(id))[0]).toMatchObject(expected);
      expect((await store.readStreams([id])).get(id)![0]).toMatchObject(expected);
      expect((await store.readStreamsForFolding([id])).get(id)).toEqual([expected]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});

describe('postgres event store: instants read back whatever time zone the server prints them in', () => {
  it.each(['Asia/Shanghai', 'Asia/Kathmandu', 'America/St_Johns', 'Etc/UTC'])('%s', async (zone) => {
    const database = await createTestDatabase();
    // The server's sessions print timestamptz in this zone ('+05:45', '-03:30'…): a new pool's connections take it.
    await database.pool.query(`alter database ${new URL(database.url).pathname.slice(1)} set timezone to '${zone}'`);
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const store = await PostgresEventStore.create(pool, { pollIntervalMs: 50 });
    try {
      const { rows } = await pool.query<{ zone: string }>("select current_setting('TimeZone') as zone");
      expect(rows[0]!.zone).toBe(zone);
      const streamId = `notice-${newId()}`;
      const occurredAt = [new Date('2026-03-01T16:30:00.123Z'), new Date('1986-05-04T01:59:59.999Z'), new Date('2026-11-01T05:30:00.000Z')];
      const { position } = await store.append(streamId, occurredAt.map((at, i) => ({ ...event(`E${i}`), occurredAt: at })), 'no_stream');
      await untilVisible(store, position);
      expect((await store.readStream(streamId)).map((e) => e.occurredAt.toISOString())).toEqual(occurredAt.map((at) => at.toISOString()));
      const all = await collect(store, {});
      expect(all.map((e) => e.occurredAt.toISOString())).toEqual(occurredAt.map((at) => at.toISOString()));
      expect(all.every((e) => Math.abs(e.recordedAt.getTime() - Date.now()) < 60_000)).toBe(true);
    } finally {
      await store.close();
      await pool.end();
      await database.drop();
    }
  });
});

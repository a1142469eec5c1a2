import pg from 'pg';
import { comparePositions, streamCategory, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import {
  EventStore, StreamDeleted, WrongExpectedVersion, assertAtomicBatch, expectationHolds,
  type AppendRequest, type AppendResult, type EventPlace, type ExpectedRevision, type FoldableEvent, type ReadAllOptions, type ReadAllPage, type SubscribeOptions,
  type Subscription, type SubscriptionHandler,
} from '../event-store.port.js';
import { pollingSubscription, WakeUp } from '../polling-subscription.js';
import { EventUpcasters } from '../upcasters.js';
import { migrateEventStore } from './schema.js';
import { EVENT_ROW_TYPES } from './timestamps.js';

const CHANNEL = 'es_appended';
/** Other processes learn of appends at most this late (plus their own processing). */
const NOTIFY_WINDOW_MS = 10;

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  occurred_at: Date;
  recorded_at: Date;
}

const EVENT_COLUMNS = `global_position, transaction_id::text as transaction_id, stream_id, stream_revision, event_id, type,
  schema_version, data, metadata, occurred_at, recorded_at`;

/*
 * Optimistic concurrency rests on the unique (stream_id, stream_revision) index alone, so an
 * append writes only its event rows, exactly like a plain INSERT (no second "stream" row to
 * update): the statement reads the stream's current revision, inserts only when it matches
 * what the writer expected, and numbers the events after it. Two writers that read the same
 * revision both try to insert the next one; the index lets the first commit and refuses the
 * second (unique violation), which becomes WrongExpectedVersion. One round trip per append.
 */
type Guard = 'no_stream' | 'any' | 'stream_exists' | 'exact';
const guardOf = (expected: ExpectedRevision): Guard =>
  typeof expected === 'number' ? (expected === -1 ? 'no_stream' : 'exact') : expected;
/** SQLSTATE of the deliberate division by zero that aborts an incomplete batch. */
const DIVISION_BY_ZERO = '22012';

/**
 * Whether a failed append statement was refused by the store's own rules rather than broken: a
 * unique index (another writer took the revision, or the event id is stored already) or, for a
 * batch, the final count check. Callers then find out which from what is stored.
 */
function refusedAppend(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === DIVISION_BY_ZERO || constraint === 'events_event_id_key' || constraint === 'events_stream_revision_key';
}
const CONDITION: Record<Guard, string> = {
  no_stream: 'current.revision = -1',
  any: 'true',
  stream_exists: 'current.revision >= 0',
  exact: 'current.revision = $9::bigint',
};

/*
 * Several events of one stream. Leaner than the many-stream statement below (no per-row guard,
 * no join), which made 100-event appends a third slower (bench/store.bench.ts).
 */
function appendSeveralSql(guard: Guard): string {
  return `with current as (
      select coalesce(max(stream_revision), -1) as revision from es.events where stream_id = $1
    ),
    inserted as (
      insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
      select $1, current.revision + e.ord, $2, e.id, e.type, e.version, e.data, e.metadata, e.occurred
      from current, unnest($3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
        with ordinality as e(id, type, version, data, metadata, occurred, ord)
      where ${CONDITION[guard]} and not exists (select 1 from es.deleted_streams d where d.stream_id = $1)
      returning stream_revision, global_position, transaction_id
    )
    select max(stream_revision)::int as revision, max(global_position)::text as position,
           max(transaction_id)::text as txid from inserted having count(*) > 0`;
}

const APPEND_SEVERAL_STATEMENTS = Object.fromEntries(
  (Object.keys(CONDITION) as Guard[]).map((guard) => [guard, { name: `es_append_several_${guard}`, text: appendSeveralSql(guard) }]),
) as Record<Guard, { name: string; text: string }>;

/* The events of several streams, each oldest first; deleted streams read as empty. */
const readStreamsSql = (columns: string) => `select ${columns} from es.events e
    where stream_id = any($1::text[])
      and not exists (select 1 from es.deleted_streams d where d.stream_id = e.stream_id)
    order by stream_id, stream_revision`;

/* Named, so that each connection plans it once: the ladder worker runs it for every batch. */
const READ_STREAMS_STATEMENT = { name: 'es_read_streams', text: readStreamsSql(EVENT_COLUMNS) };

/* Events by place (stream, revision), in the order asked: the timeline's page. */
const READ_EVENTS_AT_STATEMENT = {
  name: 'es_read_events_at',
  text: `select ${EVENT_COLUMNS} from unnest($1::text[], $2::bigint[]) with ordinality as p(stream_id, stream_revision, asked)
    join es.events e using (stream_id, stream_revision)
    where not exists (select 1 from es.deleted_streams d where d.stream_id = e.stream_id)
    order by p.asked`,
};

/*
 * readStreamsForFolding: only what a fold needs. Leaving out the metadata, times and positions
 * saves the server their output and the worker their parsing (three BigInts, two dates and a
 * JSON document per event).
 */
const READ_STREAMS_FOR_FOLDING_STATEMENT = {
  name: 'es_read_streams_for_folding',
  text: readStreamsSql('stream_id, stream_revision, type, schema_version, data'),
};

/* Gap-safe page of the global order: see readAll. */
const READ_ALL_SQL = `select ${EVENT_COLUMNS} from es.events
  where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
    and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  order by events.transaction_id, events.global_position
  limit $3`;

/*
 * The common case, one event: no arrays to build and unpack, no aggregate. Named, as every
 * statement here, so each pooled connection plans it once: planning costs about as much server
 * time as running it (bench/store.bench.ts).
 */
function appendOneSql(guard: Guard): string {
  return `insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
    select $1, current.revision + 1, $2, $3::uuid, $4, $5::int, $6::jsonb, $7::jsonb, $8::timestamptz
    from (select coalesce(max(stream_revision), -1) as revision from es.events where stream_id = $1) as current
    where ${CONDITION[guard]} and not exists (select 1 from es.deleted_streams d where d.stream_id = $1)
    returning stream_revision::int as revision, global_position::text as position, transaction_id::text as txid`;
}

const APPEND_ONE_STATEMENTS = Object.fromEntries(
  (Object.keys(CONDITION) as Guard[]).map((guard) => [guard, { name: `es_append_one_${guard}`, text: appendOneSql(guard) }]),
) as Record<Guard, { name: string; text: string }>;

/*
 * Several events (of one stream, or of many streams at once for appendMany): each row carries
 * its stream's guard; a stream's events are inserted only when its current revision matches,
 * numbered after it. Nothing is ever half appended: a row another writer (or a repeated effect,
 * by event id) got to first fails the statement on a unique index, and a row its guard held back
 * fails the final count check; either way the whole statement is undone. (Plain inserts, not
 * `on conflict do nothing`: its speculative insertion cost the server a tenth more per event.)
 */
const APPEND_MANY_STATEMENT = {
  name: 'es_append_many',
  text: `with e as (
      select * from jsonb_to_recordset($1::jsonb)
        as e(stream_id text, category text, req int, ord int, id uuid, type text, version int, data jsonb, metadata jsonb,
             occurred timestamptz, guard text, expected bigint)
    ),
    current as (
      select s.stream_id,
             coalesce((select max(stream_revision) from es.events x where x.stream_id = s.stream_id), -1) as revision
      from (select distinct stream_id from e) s
      where not exists (select 1 from es.deleted_streams d where d.stream_id = s.stream_id)
    ),
    inserted as (
      insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
      select e.stream_id, c.revision + e.ord, e.category, e.id, e.type, e.version, e.data, e.metadata, e.occurred
      from e join current c on c.stream_id = e.stream_id
      where case e.guard when 'any' then true
                         when 'no_stream' then c.revision = -1
                         when 'stream_exists' then c.revision >= 0
                         else c.revision = e.expected end
      order by e.req, e.ord
      returning stream_id, stream_revision, global_position, transaction_id
    )
    select stream_id, max(stream_revision)::int as revision, max(global_position)::text as position,
           max(transaction_id)::text as txid, count(*)::int as appended,
           -- All or nothing in one autocommitted statement: when any row was refused (a conflict,
           -- a repeat, a deleted stream), divide by zero, which aborts the statement and with it
           -- every insert above. The divisor depends on the insert, so it is never folded early.
           1 / ((select count(*) from inserted) = $2::int)::int as complete
    from inserted group by stream_id`,
};

export interface PostgresEventStoreOptions {
  pollIntervalMs?: number;
  upcasters?: EventUpcasters;
  /** Listen for appends made by other processes (LISTEN/NOTIFY). */
  listen?: boolean;
}

export class PostgresEventStore extends EventStore {
  readonly name = 'postgres';
  private readonly wake = new WakeUp();
  private listener: pg.Client | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly upcasters: EventUpcasters;

  private constructor(readonly pool: pg.Pool, private readonly options: PostgresEventStoreOptions) {
    super();
    this.upcasters = options.upcasters ?? new EventUpcasters();
  }

  /** Connects, migrates the schema and starts listening for appends of other processes. */
  static async create(pool: pg.Pool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    await migrateEventStore(pool);
    const store = new PostgresEventStore(pool, options);
    if (options.listen !== false) await store.startListening();
    return store;
  }

  private async startListening(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.pool.options);
    client.on('notification', () => this.wake.notify());
    client.on('error', () => {
      // The polling fallback keeps subscribers going; reconnect the listener in the background.
      this.listener = undefined;
      client.end().catch(() => undefined);
      setTimeout(() => void this.startListening().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.listener = client;
  }

  /**
   * Wake other processes' subscribers. NOTIFY is sent after the append's commit, outside it,
   * and coalesced over a short window (NOTIFY_WINDOW_MS): a notification per append would
   * cost a second statement per append and serialise commits on the notification queue lock.
   * Subscribers in this process are woken at once. A lost notification only costs one
   * polling interval.
   */
  private announceAppend(results: ReadonlyArray<AppendResult | Error>): void {
    this.noteAppended(results);
    this.wake.notify();
    if (this.options.listen === false || this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (this.closed) return;
      this.pool.query(`select pg_notify('${CHANNEL}', '')`).catch(() => undefined);
    }, NOTIFY_WINDOW_MS);
    this.notifyTimer.unref();
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) {
      const revision = await this.streamRevision(streamId);
      return { nextRevision: revision, position: { commit: -1n, prepare: -1n } };
    }
    const guard = guardOf(expected);
    for (let attempt = 1; ; attempt++) {
      const result = await this.appendToStream(streamId, events, guard, expected);
      if (result) {
        this.announceAppend([result]);
        return result;
      }
      // Refused: say why, from what is stored now.
      if (await this.isDeleted(streamId)) throw new StreamDeleted(streamId);
      const repeated = await this.repeatedAppend(streamId, events);
      if (repeated) return repeated;
      // Another writer took the revision first. "any" has nothing to conflict with: try again.
      if (guard === 'any' && attempt < 100) continue;
      throw new WrongExpectedVersion(streamId, expected, await this.streamRevision(streamId));
    }
  }

  /** One statement; undefined when the guard or a unique index refused the events. */
  private async appendToStream(streamId: string, events: NewEvent[], guard: Guard, expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const one = events.length === 1;
    const column = <T>(pick: (e: NewEvent) => T) => (one ? pick(events[0]!) : events.map(pick));
    const values: unknown[] = [
      streamId,
      streamCategory(streamId),
      column((e) => e.eventId),
      column((e) => e.type),
      column((e) => e.schemaVersion),
      column((e) => JSON.stringify(e.data)),
      column((e) => JSON.stringify(e.metadata)),
      column((e) => e.occurredAt.toISOString()),
    ];
    if (guard === 'exact') values.push(expected);
    const statement = one ? APPEND_ONE_STATEMENTS[guard] : APPEND_SEVERAL_STATEMENTS[guard];
    try {
      const { rows } = await this.pool.query<{ revision: number; position: string; txid: string }>({ ...statement, values });
      const row = rows[0];
      return row ? { nextRevision: row.revision, position: { commit: BigInt(row.txid), prepare: BigInt(row.position) } } : undefined;
    } catch (error) {
      if (refusedAppend(error)) return undefined;
      throw error;
    }
  }

  /*
   * Many appends in one statement instead of a round trip (and a commit) each. All or nothing:
   * if any request was not fully inserted (a conflict, a deleted stream, a repeated effect)
   * nothing is, and every request goes through `append` one by one, which sorts out each case
   * exactly as a single append would.
   */
  override async appendMany(requests: AppendRequest[]): Promise<Array<AppendResult | WrongExpectedVersion | Error>> {
    const streams = new Set(requests.map((r) => r.streamId));
    // Two requests on one stream would number from the same revision; empty ones append nothing.
    const simple = streams.size === requests.length && requests.every((r) => r.events.length > 0);
    if (requests.length > 1 && simple) {
      // Whatever went wrong in the fast path, the one-by-one path reports it per request.
      const fast = await this.appendAllOrNothing(requests).catch(() => undefined);
      if (fast) {
        this.announceAppend(fast);
        return fast;
      }
    }
    return super.appendMany(requests);
  }

  /** The all-or-nothing statement of appendMany, without the one-by-one fallback. */
  async appendAtomically(requests: AppendRequest[]): Promise<AppendResult[]> {
    assertAtomicBatch(requests);
    if (requests.length === 0) return [];
    const results = await this.appendAllOrNothing(requests);
    if (results) {
      this.announceAppend(results);
      return results;
    }
    // Refused as a whole: say why, from the streams as they are now.
    for (const { streamId, expected } of requests) {
      if (await this.isDeleted(streamId)) throw new StreamDeleted(streamId);
      const actual = await this.streamRevision(streamId);
      if (!expectationHolds(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
    }
    // Every expectation holds again: a writer got in and out meanwhile, or an event id is stored elsewhere.
    throw new WrongExpectedVersion(requests[0]!.streamId, requests[0]!.expected, await this.streamRevision(requests[0]!.streamId));
  }

  /** Undefined when the statement refused the batch as a whole (see APPEND_MANY_STATEMENT). */
  private async appendAllOrNothing(requests: AppendRequest[]): Promise<AppendResult[] | undefined> {
    // One JSON document of rows rather than twelve arrays: serialised once here, parsed once by
    // the server, where arrays of JSON texts had every quote escaped and unescaped again
    // (bench:escalation, whose ladder batches go through here).
    const rows: object[] = [];
    requests.forEach((request, req) => {
      const { streamId, events, expected } = request;
      const guard = guardOf(expected);
      const category = streamCategory(streamId);
      events.forEach((e, i) => {
        rows.push({
          stream_id: streamId, category, req, ord: i + 1, id: e.eventId, type: e.type, version: e.schemaVersion,
          data: e.data, metadata: e.metadata, occurred: e.occurredAt.toISOString(), guard, expected: guard === 'exact' ? expected : null,
        });
      });
    });
    type Row = { stream_id: string; revision: number; position: string; txid: string; appended: number };
    let stored: Row[];
    try {
      ({ rows: stored } = await this.pool.query<Row>({ ...APPEND_MANY_STATEMENT, values: [JSON.stringify(rows), rows.length] }));
    } catch (error) {
      if (refusedAppend(error)) return undefined;
      throw error;
    }
    const byStream = new Map(stored.map((row) => [row.stream_id, row]));
    if (!requests.every((r) => byStream.get(r.streamId)?.appended === r.events.length)) return undefined;
    return requests.map((r) => {
      const row = byStream.get(r.streamId)!;
      return { nextRevision: row.revision, position: { commit: BigInt(row.txid), prepare: BigInt(row.position) } };
    });
  }

  private async isDeleted(streamId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('select 1 from es.deleted_streams where stream_id = $1', [streamId]);
    return rowCount === 1;
  }

  /** A retried effect whose deterministic event ids are all stored already is a success, not a conflict. */
  private async repeatedAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{ n: number; position: string; txid: string; revision: string }>(
      `select count(*)::int as n, max(global_position)::text as position, max(transaction_id::text) as txid,
              (select max(stream_revision)::text from es.events where stream_id = $1) as revision
       from es.events where stream_id = $1 and event_id = any($2::uuid[])`,
      [streamId, events.map((e) => e.eventId)],
    );
    const found = rows[0];
    if (!found || found.n !== events.length) return undefined;
    return {
      nextRevision: Number(found.revision),
      position: { commit: BigInt(found.txid), prepare: BigInt(found.position) },
      alreadyStored: true,
    };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      text: `select ${EVENT_COLUMNS} from es.events e
       where stream_id = $1 and stream_revision >= $2
         and not exists (select 1 from es.deleted_streams d where d.stream_id = $1)
       order by stream_revision`,
      values: [streamId, fromRevision],
      types: EVENT_ROW_TYPES,
    });
    return rows.map((row) => this.toRecorded(row));
  }

  /** All the streams in one query (deleted ones read as empty), upcast like readStream. */
  override async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const { rows } = await this.pool.query<EventRow>({ ...READ_STREAMS_STATEMENT, values: [streamIds], types: EVENT_ROW_TYPES });
    for (const row of rows) streams.get(row.stream_id)!.push(this.toRecorded(row));
    return streams;
  }

  /** The events at these places in one query, in the order asked (deleted streams left out), upcast like readStream. */
  override async readEventsAt(places: ReadonlyArray<EventPlace>): Promise<RecordedEvent[]> {
    if (places.length === 0) return [];
    const { rows } = await this.pool.query<EventRow>({
      ...READ_EVENTS_AT_STATEMENT,
      values: [places.map((p) => p.streamId), places.map((p) => p.revision)],
      types: EVENT_ROW_TYPES,
    });
    return rows.map((row) => this.toRecorded(row));
  }

  override async readStreamsForFolding(streamIds: string[]): Promise<Map<string, FoldableEvent[]>> {
    const streams = new Map<string, FoldableEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    type Row = { stream_id: string; stream_revision: string; type: string; schema_version: number; data: unknown };
    const { rows } = await this.pool.query<Row>({ ...READ_STREAMS_FOR_FOLDING_STATEMENT, values: [streamIds] });
    for (const row of rows) {
      const event = { type: row.type, schemaVersion: row.schema_version, streamRevision: Number(row.stream_revision), data: row.data };
      streams.get(row.stream_id)!.push(this.upcasters.upcast(event));
    }
    return streams;
  }

  async streamRevision(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: string }>(
      `select coalesce(max(stream_revision), -1)::text as revision from es.events
       where stream_id = $1 and not exists (select 1 from es.deleted_streams d where d.stream_id = $1)`,
      [streamId],
    );
    return Number(rows[0]!.revision);
  }

  /*
   * Gap-safe global read. Positions come from a sequence, so a transaction may commit after
   * another one that took a later number. Only events written by transactions older than the
   * oldest transaction still running (the snapshot's xmin) are returned: those are all settled.
   * The order is (transaction id, position), which is also the checkpoint. The page and the
   * visible head are read in one statement so that both see the same snapshot.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    // xid8 has no negative values; 0 is below every real transaction id.
    const after = options.after && options.after.commit >= 0n ? options.after : { commit: 0n, prepare: -1n };
    const limit = options.maxCount ?? 1000;
    const params: unknown[] = [after.commit.toString(), after.prepare.toString(), limit];
    const filters: string[] = [];
    if (options.categories?.length) {
      params.push(options.categories);
      filters.push(`category = any($${params.length}::text[])`);
    }
    if (options.typePrefixes?.length) {
      params.push(options.typePrefixes.map((p) => p.replace(/[\\%_]/g, '\\$&') + '%'));
      filters.push(`type like any($${params.length}::text[])`);
    }
    const filtered = filters.length > 0;
    // Unfiltered (projection rebuilds, the bench): one plain index range scan, planned once per connection.
    const sql = !filtered
      ? { name: 'es_read_all', text: READ_ALL_SQL }
      : `
      with boundary as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
      page as (
        -- Qualified: a bare name would sort by the output column transaction_id::text, i.e.
        -- '100' before '99' (skipping events when transaction ids gain a digit) and never by the index.
        -- The boundary as a scalar (an InitPlan): always an index bound, so events of transactions
        -- newer than the oldest open one are not scanned again by every read (a join with the CTE
        -- could leave it a join filter). A sparse category is read by events_category_order.
        select ${EVENT_COLUMNS} from es.events
        where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          and transaction_id < (select xmin from boundary) and ${filters.join(' and ')}
        order by events.transaction_id, events.global_position
        limit $3
      )
      select * from page
      union all
      select * from (
        select global_position, transaction_id::text, null::text, null::bigint, null::uuid, '$head'::text, null::int, null::jsonb, null::jsonb, null::timestamptz, null::timestamptz
        from es.events
        where (transaction_id, global_position) > ($1::text::xid8, $2::bigint) and transaction_id < (select xmin from boundary)
        order by events.transaction_id desc, events.global_position desc limit 1
      ) head`;
    const { rows } = await this.pool.query<EventRow>({ ...(typeof sql === 'string' ? { text: sql } : sql), values: params, types: EVENT_ROW_TYPES });
    const events: RecordedEvent[] = [];
    let head: Position | undefined;
    for (const row of rows) {
      if (row.type === '$head' && row.stream_id === null) {
        head = { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) };
      } else {
        events.push(this.toRecorded(row));
      }
    }
    // union all does not promise to keep the page's order.
    if (filtered) events.sort((a, b) => comparePositions(a.position, b.position));
    const full = events.length === limit;
    const lastEvent = events.at(-1)?.position;
    // A page that is not full has seen every visible event: filtered-out ones up to the head too.
    const lastPosition = full ? lastEvent : (head ?? lastEvent);
    return { events, lastPosition, hasMore: full };
  }

  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ txid: string; position: string }>(
      `select transaction_id::text as txid, global_position::text as position from es.events
       where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       order by transaction_id desc, global_position desc limit 1`,
    );
    return rows[0] ? { commit: BigInt(rows[0].txid), prepare: BigInt(rows[0].position) } : undefined;
  }

  override async latestCommittedPosition(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ txid: string; position: string }>(
      `select transaction_id::text as txid, global_position::text as position from es.events
       order by transaction_id desc, global_position desc limit 1`,
    );
    return rows[0] ? { commit: BigInt(rows[0].txid), prepare: BigInt(rows[0].position) } : undefined;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    return pollingSubscription(
      (o) => this.readAll(o),
      this.wake,
      handler,
      { pollIntervalMs: this.options.pollIntervalMs ?? 500, ...options },
    );
  }

  async deleteStream(streamId: string): Promise<void> {
    await this.pool.query('insert into es.deleted_streams (stream_id) values ($1) on conflict do nothing', [streamId]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.notify();
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const globalPosition = BigInt(row.global_position);
    return this.upcasters.upcast({
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      streamId: row.stream_id,
      streamRevision: Number(row.stream_revision),
      globalPosition,
      position: { commit: BigInt(row.transaction_id), prepare: globalPosition },
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
      data: row.data,
      metadata: row.metadata,
    });
  }
}

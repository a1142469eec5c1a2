import pg from 'pg';
import { comparePositions, streamCategory, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import {
  EventStore, StreamDeleted, WrongExpectedVersion,
  type AppendResult, type ExpectedRevision, type ReadAllOptions, type ReadAllPage, type SubscribeOptions,
  type Subscription, type SubscriptionHandler,
} from '../event-store.port.js';
import { pollingSubscription, WakeUp } from '../polling-subscription.js';
import { EventUpcasters } from '../upcasters.js';
import { migrateEventStore } from './schema.js';

const CHANNEL = 'es_appended';

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
 * The stream row is the guard for optimistic concurrency: each expected-revision case is one
 * statement on it, and the events are inserted by the same statement only when the guard
 * matched. So an append is one round trip, and of concurrent writers expecting the same
 * revision exactly one matches (the others re-check the updated row and match nothing).
 */
const GUARD: Record<'no_stream' | 'any' | 'stream_exists' | 'exact', string> = {
  no_stream: `insert into es.streams (stream_id, category, revision) values ($1, $2, $3 - 1)
              on conflict (stream_id) do nothing returning revision`,
  any: `insert into es.streams as s (stream_id, category, revision) values ($1, $2, $3 - 1)
        on conflict (stream_id) do update set revision = s.revision + $3 where not s.deleted returning revision`,
  stream_exists: `update es.streams set revision = revision + $3 where stream_id = $1 and not deleted and $2::text is not null returning revision`,
  exact: `update es.streams set revision = revision + $3 where stream_id = $1 and revision = $10 and not deleted and $2::text is not null returning revision`,
};

function appendSql(guard: keyof typeof GUARD): string {
  return `with stream as (${GUARD[guard]}),
    inserted as (
      insert into es.events (stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
      select $1, stream.revision - $3 + e.ord, $2, e.id, e.type, e.version, e.data, e.metadata, e.occurred
      from stream, unnest($4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[], $9::timestamptz[])
        with ordinality as e(id, type, version, data, metadata, occurred, ord)
      returning stream_revision, global_position, transaction_id
    )
    select max(stream_revision)::int as revision, max(global_position)::text as position, max(transaction_id::text) as txid,
           count(*)::int as appended from inserted`;
}

/*
 * Named, so each pooled connection parses and plans an append once and then reuses the plan:
 * planning this statement costs about as much server time as running it (bench/store.bench.ts).
 */
const APPEND_STATEMENTS = Object.fromEntries(
  (Object.keys(GUARD) as Array<keyof typeof GUARD>).map((guard) => [guard, { name: `es_append_${guard}`, text: appendSql(guard) }]),
) as Record<keyof typeof GUARD, { name: string; text: string }>;

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
  private notifying = false;
  private notifyAgain = false;
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
   * and coalesced: a notification inside every append transaction would serialise commits
   * on the notification queue lock. At most one is in flight; appends that finish meanwhile
   * are covered by one more after it. A lost notification only costs one polling interval.
   */
  private announceAppend(): void {
    this.wake.notify();
    if (this.options.listen === false) return;
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    setImmediate(() => this.sendNotify());
  }

  private sendNotify(): void {
    this.notifyAgain = false;
    if (this.closed) {
      this.notifying = false;
      return;
    }
    this.pool
      .query(`select pg_notify('${CHANNEL}', '')`)
      .catch(() => undefined)
      .finally(() => {
        if (this.notifyAgain) setImmediate(() => this.sendNotify());
        else this.notifying = false;
      });
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) {
      const revision = await this.streamRevision(streamId);
      return { nextRevision: revision, position: { commit: -1n, prepare: -1n } };
    }
    const guard = typeof expected === 'number' ? (expected === -1 ? 'no_stream' : 'exact') : expected;
    const params: unknown[] = [
      streamId,
      streamCategory(streamId),
      events.length,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
      events.map((e) => e.occurredAt.toISOString()),
    ];
    if (guard === 'exact') params.push(expected);
    let row: { revision: number | null; position: string | null; txid: string | null; appended: number };
    try {
      ({ rows: [row] } = (await this.pool.query({ ...APPEND_STATEMENTS[guard], values: params })) as unknown as { rows: [typeof row] });
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).constraint === 'events_event_id_key') {
        const repeated = await this.repeatedAppend(streamId, events);
        if (repeated) return repeated;
      }
      throw error;
    }
    if (row.appended === 0) {
      const { rows } = await this.pool.query<{ revision: string; deleted: boolean }>(
        'select revision, deleted from es.streams where stream_id = $1',
        [streamId],
      );
      if (rows[0]?.deleted) throw new StreamDeleted(streamId);
      const repeated = await this.repeatedAppend(streamId, events);
      if (repeated) return repeated;
      throw new WrongExpectedVersion(streamId, expected, rows[0] ? Number(rows[0].revision) : -1);
    }
    this.announceAppend();
    return { nextRevision: row.revision!, position: { commit: BigInt(row.txid!), prepare: BigInt(row.position!) } };
  }

  /** A retried effect whose deterministic event ids are all stored already is a success, not a conflict. */
  private async repeatedAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query<{ n: number; position: string; txid: string; revision: string }>(
      `select count(*)::int as n, max(global_position)::text as position, max(transaction_id::text) as txid,
              (select revision::text from es.streams where stream_id = $1) as revision
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
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events e
       where stream_id = $1 and stream_revision >= $2
         and not exists (select 1 from es.streams s where s.stream_id = $1 and s.deleted)
       order by stream_revision`,
      [streamId, fromRevision],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  async streamRevision(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: string; deleted: boolean }>(
      'select revision, deleted from es.streams where stream_id = $1',
      [streamId],
    );
    return rows[0] && !rows[0].deleted ? Number(rows[0].revision) : -1;
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
    const sql = `
      with boundary as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
      page as (
        -- Qualified: a bare name would sort by the output column transaction_id::text, i.e.
        -- '100' before '99' (skipping events when transaction ids gain a digit) and never by the index.
        select ${EVENT_COLUMNS} from es.events, boundary
        where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          and transaction_id < boundary.xmin ${filtered ? 'and ' + filters.join(' and ') : ''}
        order by events.transaction_id, events.global_position
        limit $3
      )
      select * from page
      ${filtered ? `union all
      select * from (
        select global_position, transaction_id::text, null::text, null::bigint, null::uuid, '$head'::text, null::int, null::jsonb, null::jsonb, null::timestamptz, null::timestamptz
        from es.events, boundary
        where (transaction_id, global_position) > ($1::text::xid8, $2::bigint) and transaction_id < boundary.xmin
        order by events.transaction_id desc, events.global_position desc limit 1
      ) head` : ''}`;
    const { rows } = await this.pool.query<EventRow>(sql, params);
    const events: RecordedEvent[] = [];
    let head: Position | undefined;
    for (const row of rows) {
      if (row.type === '$head' && row.stream_id === null) {
        head = { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) };
      } else {
        events.push(this.toRecorded(row));
      }
    }
    events.sort((a, b) => comparePositions(a.position, b.position));
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

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    return pollingSubscription(
      (o) => this.readAll(o),
      this.wake,
      handler,
      { pollIntervalMs: this.options.pollIntervalMs ?? 500, ...options },
    );
  }

  async deleteStream(streamId: string): Promise<void> {
    await this.pool.query('update es.streams set deleted = true where stream_id = $1', [streamId]);
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

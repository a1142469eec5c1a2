import type pg from 'pg';

/**
 * Ordered, append-only migrations. Each runs once, under an advisory lock, so several
 * processes starting together do not race. Never edit a shipped migration: add one.
 */
const MIGRATIONS: Array<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'event store',
    sql: `
      create schema if not exists es;
      -- Soft-deleted streams: reads skip them, appends to them fail; their events stay in the log.
      create table es.deleted_streams (
        stream_id  text primary key,
        deleted_at timestamptz not null default now()
      );
      create table es.events (
        global_position bigint generated always as identity primary key,
        -- The writing transaction: readers only pass events of transactions older than the
        -- oldest one still running, so a late commit at an earlier position is never skipped.
        transaction_id  xid8 not null default pg_current_xact_id(),
        stream_id       text not null,
        stream_revision bigint not null,
        category        text not null,
        event_id        uuid not null,
        type            text not null,
        schema_version  integer not null,
        data            jsonb not null,
        metadata        jsonb not null,
        occurred_at     timestamptz not null,
        recorded_at     timestamptz not null default now(),
        constraint events_stream_revision_key unique (stream_id, stream_revision),
        constraint events_event_id_key unique (event_id)
      );
      create index events_global_order on es.events (transaction_id, global_position);
    `,
  },
  {
    id: 2,
    name: 'category order',
    // A subscription filtered by category (most projections and reactors) reads its own events in
    // log order from here instead of scanning every event after its checkpoint: during a burst of
    // one category, the runners of the others found nothing at the cost of reading everything
    // (bench:burst: a third of PostgreSQL's time went to those scans). The planner picks it when
    // the category is the sparse one.
    sql: `create index if not exists events_category_order on es.events (category, transaction_id, global_position);`,
  },
];

const MIGRATION_LOCK = 7_331_001;

export async function migrateEventStore(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create schema if not exists es;
      create table if not exists es.migrations (id integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ id: number }>('select id from es.migrations');
    const applied = new Set(rows.map((r) => r.id));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into es.migrations (id, name) values ($1, $2)', [migration.id, migration.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

import type pg from 'pg';
import { streamCategory, type RecordedEvent } from '@app/kernel';
import { applyToSubjectRows, foldAlone, holdingRowsThrough, streamsOf, joinJsonTexts, splitJsonTexts, stateColumnAsJson, type Folds, type Projection, type SharedFolds, type SubjectRows } from '@app/event-store';
import { decodeState } from './state-codec.js';
import type { DeadlineSources } from './deadline-source.js';

/**
 * `read.deadlines`: one row per subject with a deadline (every kind), with the subject's folded
 * state, so each batch costs one read and one write however many events it holds. The light is
 * not stored: it depends on the clock and is computed when read.
 */
/** A subject's folded state and when its last event was recorded. */
interface DeadlineRow {
  state: unknown;
  lastRecordedAt: Date | null;
}

export class DeadlinesProjection implements Projection, SubjectRows<DeadlineRow, null> {
  readonly name = 'deadlines';
  readonly tables = ['read.deadlines'];

  /** Paths never change (organisations are not moved; a merge keeps the tree), so they are cached. */
  private readonly paths = new Map<string, string[]>();
  private folds: Folds = foldAlone;

  constructor(
    private readonly sources: DeadlineSources,
    /** Ancestors of organisations, from the tree (falling back to the streams); absent: no paths. */
    private readonly organizations?: { getMany(ids: string[]): Promise<Array<{ id: string; ancestors: string[] }>> },
  ) {}

  private async pathsOf(orgIds: string[]): Promise<Map<string, string[]>> {
    const missing = [...new Set(orgIds)].filter((id) => !this.paths.has(id));
    if (missing.length > 0 && this.organizations) {
      for (const org of await this.organizations.getMany(missing)) this.paths.set(org.id, [...org.ancestors, org.id]);
    }
    return this.paths;
  }

  forRebuild(folds: SharedFolds): Projection {
    return holdingRowsThrough(this, folds);
  }

  get categories(): string[] {
    return this.sources.categories();
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.deadlines (
        stream_id         text primary key,
        kind              text not null,
        subject_id        text,
        title             text,
        target_org_id     text,
        supervisor_org_id text,
        original_due_at   timestamptz,
        due_at            timestamptz,
        version           integer,
        status            text,
        escalation_level  smallint not null default 0,
        closed_at         timestamptz,
        state             json not null
      );
      create index if not exists deadlines_open_due on read.deadlines (due_at) where status = 'open';
      create index if not exists deadlines_open_target on read.deadlines (target_org_id, due_at) where status = 'open';
      create index if not exists deadlines_supervisor on read.deadlines (supervisor_org_id, kind);
      -- The target's place in the tree (ancestors, root first, then itself): a board scoped to an
      -- organisation at depth k is an ordered range scan of (target_path[k], due_at), not a sort of
      -- every open deadline under it (a county of a province: tens of thousands per request).
      alter table read.deadlines add column if not exists target_path text[];
      -- When the subject's last event was recorded: a closed row whose last event is older than an
      -- instant was closed at that instant too, so the board "as of" then need not fold it again.
      alter table read.deadlines add column if not exists last_recorded_at timestamptz;
      -- The board's order is (due_at, stream_id): with the stream in the index, a page is the first
      -- rows of the range, not a sort of every open deadline under the root (a county at a quarter's
      -- end: 400 rows, all due at the same second; bench:burst, 6.8 -> 0.8 ms).
      drop index if exists read.deadlines_open_path1;
      drop index if exists read.deadlines_open_path2;
      drop index if exists read.deadlines_open_path3;
      create index if not exists deadlines_open_path1_order on read.deadlines ((target_path[1]), due_at, stream_id) where status = 'open';
      create index if not exists deadlines_open_path2_order on read.deadlines ((target_path[2]), due_at, stream_id) where status = 'open';
      create index if not exists deadlines_open_path3_order on read.deadlines ((target_path[3]), due_at, stream_id) where status = 'open';
      -- Room on each page for a new version of its rows: an update that changes no indexed column
      -- (a reminder, a missed step: the state, the level) stays on its page (HOT) and writes none of
      -- the nine indexes (bench:burst: ten WAL records per ladder event before).
      alter table read.deadlines set (fillfactor = 60);
      create index if not exists deadlines_open_pathless on read.deadlines (due_at) where status = 'open' and target_path is null;
      -- The folded state as json, not jsonb: it is only ever read back whole, and PostgreSQL checks
      -- json text where it parses jsonb into a tree and prints it back (a rebuild writes and reads
      -- each state once per page it is on; bench:province). Converted in place, once.
      ${stateColumnAsJson('deadlines')}
      -- Rows written before the column existed take their path from the tree (once; null stays null
      -- only for a target the tree does not know, and the board then finds it by the tree join).
      do $$ begin
        if to_regclass('read.organizations') is not null then
          update read.deadlines d set target_path = o.ancestors || o.id
            from read.organizations o where d.target_path is null and d.status = 'open' and o.id = d.target_org_id;
        end if;
      end $$;`);
  }

  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    return applyToSubjectRows(this, events, client);
  }

  subjectsOf(events: RecordedEvent[]): string[] {
    return streamsOf(events);
  }

  async load(client: pg.ClientBase, streams: string[]): Promise<Map<string, DeadlineRow>> {
    const { rows } = await client.query<{ stream_id: string; state: unknown; last_recorded_at: Date | null }>(
      'select stream_id, state, last_recorded_at from read.deadlines where stream_id = any($1::text[])',
      [streams],
    );
    return new Map(rows.map((r) => [r.stream_id, { state: decodeState(r.state), lastRecordedAt: r.last_recorded_at }]));
  }

  noWrites(): null {
    return null;
  }

  fold(events: RecordedEvent[], rows: Map<string, DeadlineRow>): void {
    for (const event of events) {
      const source = this.sources.forCategory(streamCategory(event.streamId));
      if (!source) continue;
      const row = rows.get(event.streamId);
      rows.set(event.streamId, { state: this.folds.evolve(source, row ? row.state : this.folds.initial(source), event), lastRecordedAt: event.recordedAt });
    }
  }

  async store(client: pg.ClientBase, streams: string[], rows: Map<string, DeadlineRow>): Promise<void> {
    const changed = streams.filter((s) => rows.has(s));
    if (changed.length === 0) return;
    const subjects = changed.map((streamId) => {
      const source = this.sources.forCategory(streamCategory(streamId))!;
      const { state, lastRecordedAt } = rows.get(streamId)!;
      return { streamId, source, state, lastRecordedAt, subject: source.describe(state, streamId) };
    });
    const paths = await this.pathsOf(subjects.flatMap((s) => (s.subject ? [s.subject.targetOrgId] : [])));
    // One JSON document of rows (jsonb_to_recordset), serialised once: arrays of texts (unnest) had
    // node-postgres escape every quote of every state, a fifth of a rebuild's CPU (bench:province).
    // The states beside it as json texts (joinJsonTexts), each serialised once per rebuild.
    const changedRows = subjects.map(({ streamId, source, subject, lastRecordedAt }) => {
      const d = subject?.deadline;
      return {
        stream_id: streamId,
        kind: source.kind,
        subject_id: subject?.subjectId ?? null,
        title: subject?.title ?? null,
        target_org_id: subject?.targetOrgId ?? null,
        supervisor_org_id: subject?.supervisorOrgId ?? null,
        original_due_at: d?.originalDueAt.toISOString() ?? null,
        due_at: d?.dueAt.toISOString() ?? null,
        version: d?.version ?? null,
        status: d?.status ?? null,
        escalation_level: d?.escalationLevel ?? 0,
        closed_at: d?.closedAt?.toISOString() ?? null,
        target_path: (subject && paths.get(subject.targetOrgId)) || null,
        last_recorded_at: lastRecordedAt?.toISOString() ?? null,
      };
    });
    await client.query(
      `insert into read.deadlines (stream_id, kind, subject_id, title, target_org_id, supervisor_org_id, original_due_at,
         due_at, version, status, escalation_level, closed_at, state, target_path, last_recorded_at)
       select e.stream_id, e.kind, e.subject_id, e.title, e.target_org_id, e.supervisor_org_id, e.original_due_at, e.due_at, e.version,
              e.status, e.escalation_level, e.closed_at, e.state::json, e.target_path, e.last_recorded_at
       from rows from (
         jsonb_to_recordset($1::jsonb)
           as (stream_id text, kind text, subject_id text, title text, target_org_id text, supervisor_org_id text, original_due_at timestamptz,
               due_at timestamptz, version int, status text, escalation_level smallint, closed_at timestamptz,
               target_path text[], last_recorded_at timestamptz),
         ${splitJsonTexts('$2')}
       ) as e(stream_id, kind, subject_id, title, target_org_id, supervisor_org_id, original_due_at, due_at, version, status,
              escalation_level, closed_at, target_path, last_recorded_at, state)
       on conflict (stream_id) do update set
         kind = excluded.kind, subject_id = excluded.subject_id, title = excluded.title,
         target_org_id = excluded.target_org_id, supervisor_org_id = excluded.supervisor_org_id,
         original_due_at = excluded.original_due_at, due_at = excluded.due_at, version = excluded.version,
         status = excluded.status, escalation_level = excluded.escalation_level, closed_at = excluded.closed_at,
         state = excluded.state, target_path = coalesce(excluded.target_path, read.deadlines.target_path),
         last_recorded_at = excluded.last_recorded_at`,
      [JSON.stringify(changedRows), joinJsonTexts(subjects.map(({ state }) => this.folds.json(state)))],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.deadlines');
  }
}

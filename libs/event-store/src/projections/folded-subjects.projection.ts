import type pg from 'pg';
import { decodeState, type Decider, type DomainEvent, type RecordedEvent } from '@app/kernel';
import { joinJsonTexts, splitJsonTexts, stateColumnAsJson } from './json-texts.js';
import type { Projection, ReadModelIndex } from './projection.js';
import { applyToSubjectRows, holdingRowsThrough, streamsOf, type SubjectRows } from './subject-rows.js';
import { foldAlone, type Fold, type Folds, type SharedFolds } from './shared-folds.js';

/** The columns a list filters and sorts on, read off a folded subject. */
export interface FoldedSubjectColumns {
  id: string;
  targetOrgId: string;
  supervisorOrgId: string | null;
  status: string;
  /** When it began (proposed, drafted): lists are newest first. */
  startedAt: Date;
}

/**
 * One row per subject of a stream category (a conversation, a pledge) with its state folded by the
 * owning decider's own `evolve`, so a list shows exactly what `GET /…/:id` folds from the stream.
 * The state is kept (Dates tagged; json text) so a batch costs one read; a row's revision guards against
 * folding an event twice. `read.<table>` (id, stream_id, target_org_id, supervisor_org_id, status,
 * started_at, revision, state).
 */
/** A subject's folded state and the revision of the last event folded into it. */
interface Folded<State> {
  state: State;
  revision: number;
}

export class FoldedSubjectsProjection<State, Event extends DomainEvent> implements Projection, SubjectRows<Folded<State>, null> {
  readonly categories: string[];
  readonly tables: string[];
  readonly deferredIndexes: ReadModelIndex[];
  private folds: Folds = foldAlone;

  constructor(
    readonly name: string,
    category: string,
    private readonly table: string,
    private readonly decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
    private readonly columns: (state: State) => FoldedSubjectColumns | null,
  ) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`Bad read-model table name ${table}`);
    this.categories = [category];
    this.tables = [`read.${table}`];
    this.deferredIndexes = [
      { name: `${table}_target_started`, table: `read.${table}`, on: '(target_org_id, started_at desc)' },
      { name: `${table}_started`, table: `read.${table}`, on: '(started_at desc, id desc)' },
    ];
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.${this.table} (
        id                text primary key,
        stream_id         text not null unique,
        target_org_id     text not null,
        supervisor_org_id text,
        status            text not null,
        started_at        timestamptz not null,
        revision          integer not null,
        state             json not null
      );
      -- The folded state as json, not jsonb: only ever read back whole (see read.deadlines). Converted in place, once.
      ${stateColumnAsJson(this.table)}`);
  }

  forRebuild(folds: SharedFolds): Projection {
    return holdingRowsThrough(this, folds);
  }

  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    return applyToSubjectRows(this, events, client);
  }

  subjectsOf(events: RecordedEvent[]): string[] {
    return streamsOf(events);
  }

  async load(client: pg.ClientBase, streams: string[]): Promise<Map<string, Folded<State>>> {
    const { rows } = await client.query<{ stream_id: string; state: unknown; revision: number }>(
      `select stream_id, state, revision from read.${this.table} where stream_id = any($1::text[])`,
      [streams],
    );
    return new Map(rows.map((r) => [r.stream_id, { state: decodeState<State>(r.state), revision: r.revision }]));
  }

  noWrites(): null {
    return null;
  }

  fold(events: RecordedEvent[], folded: Map<string, Folded<State>>): void {
    const fold = this.decider as unknown as Fold<State>;
    for (const recorded of events) {
      const current = folded.get(recorded.streamId) ?? { state: this.folds.initial(fold), revision: -1 };
      if (recorded.streamRevision <= current.revision) continue;
      const state = this.folds.evolve(fold, current.state, recorded);
      folded.set(recorded.streamId, { state, revision: recorded.streamRevision });
    }
  }

  async store(client: pg.ClientBase, streams: string[], folded: Map<string, Folded<State>>): Promise<void> {
    // Rows as one JSON document (jsonb_to_recordset), serialised once, the states beside them as json texts (joinJsonTexts).
    const changed: object[] = [];
    const states: string[] = [];
    for (const streamId of streams) {
      const entry = folded.get(streamId);
      const columns = entry ? this.columns(entry.state) : null;
      // A subject whose events do not give its start (an event of another shape, written by hand or by
      // an older writer) cannot be listed; it is left out rather than stopping every list behind it.
      if (!entry || !columns || Number.isNaN(columns.startedAt.getTime())) continue;
      changed.push({
        id: columns.id, stream_id: streamId, target_org_id: columns.targetOrgId, supervisor_org_id: columns.supervisorOrgId,
        status: columns.status, started_at: columns.startedAt.toISOString(), revision: entry.revision,
      });
      states.push(this.folds.json(entry.state));
    }
    if (changed.length === 0) return;
    await client.query(
      `insert into read.${this.table} (id, stream_id, target_org_id, supervisor_org_id, status, started_at, revision, state)
       select s.id, s.stream_id, s.target_org_id, s.supervisor_org_id, s.status, s.started_at, s.revision, s.state::json
       from rows from (
         jsonb_to_recordset($1::jsonb)
           as (id text, stream_id text, target_org_id text, supervisor_org_id text, status text, started_at timestamptz, revision int),
         ${splitJsonTexts('$2')}
       ) as s(id, stream_id, target_org_id, supervisor_org_id, status, started_at, revision, state)
       on conflict (id) do update set status = excluded.status, supervisor_org_id = excluded.supervisor_org_id,
         revision = excluded.revision, state = excluded.state`,
      [JSON.stringify(changed), joinJsonTexts(states)],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query(`truncate read.${this.table}`);
  }
}

import type pg from 'pg';
import { streamCategory, type RecordedEvent } from '@app/kernel';
import { applyToSubjectRows, foldAlone, holdingRowsThrough, joinJsonTexts, splitJsonTexts, stateColumnAsJson, type Folds, type Projection, type SharedFolds, type SubjectRows, type ReadModelIndex } from '@app/event-store';
import { decodeState, type DeadlineSources, type DeadlineSubject } from '@app/escalation';
import type { PledgeState } from '@app/pledges';

/** The events the ladder takes points off for (DESIGN §6: warnings and escalations received). */
const PENALTY_EVENTS: Record<string, 'warning' | 'escalation'> = { WarningIssued: 'warning', EscalatedToLeadership: 'escalation' };

interface SubjectRow {
  kind: string;
  state: unknown;
  targetOrgId: string | null;
  originalDueAt: Date | null;
  liveRecordedAt: Date | null;
  liveEventId: string | null;
  closedAt: Date | null;
  closedRecordedAt: Date | null;
  closedEventId: string | null;
  withdrawnRecordedAt: Date | null;
  items: Map<string, ItemRow>;
}

/** A row of `read.assessment_penalties`, as written. */
interface Penalty {
  event_id: string;
  stream_id: string;
  kind: 'warning' | 'escalation';
  target_org_id: string;
  at: string;
  recorded_at: string;
}

interface ItemRow {
  dueAt: Date;
  liveRecordedAt: Date;
  fulfilledAt: Date | null;
  fulfilledRecordedAt: Date | null;
  fulfilledEventId: string | null;
}

/**
 * What the automatic indicators of an assessment count (DESIGN §6), kept as facts with the time
 * each was recorded, so a ranking "as of" an instant counts only what the store held then:
 *
 * - `read.assessment_deadlines`: one row per notice or report with its original due time (on-time
 *   rates are judged against it, extensions do not help), when it went live, when and whether it
 *   closed, and the ids of the events that opened and closed it;
 * - `read.assessment_pledge_items`: one row per item of a live pledge, with its due time and fulfilment;
 * - `read.assessment_penalties`: one row per warning or escalation a target received.
 *
 * Subjects are folded with their own context's `evolve` (through the deadline sources), so when a
 * deadline opens and closes is decided where the rule lives, not restated here.
 */
export class AssessmentFactsProjection implements Projection, SubjectRows<SubjectRow, Penalty[]> {
  readonly name = 'assessment-facts';
  readonly tables = ['read.assessment_deadlines', 'read.assessment_pledge_items', 'read.assessment_penalties'];
  readonly deferredIndexes: ReadModelIndex[] = [
    { name: 'assessment_deadlines_target', table: 'read.assessment_deadlines', on: '(target_org_id, original_due_at)' },
    { name: 'assessment_pledge_items_target', table: 'read.assessment_pledge_items', on: '(target_org_id, due_at)' },
    { name: 'assessment_penalties_target', table: 'read.assessment_penalties', on: '(target_org_id, at)' },
  ];

  private folds: Folds = foldAlone;

  constructor(private readonly sources: DeadlineSources) {}

  forRebuild(folds: SharedFolds): Projection {
    return holdingRowsThrough(this, folds);
  }

  get categories(): string[] {
    return this.sources.categories();
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.assessment_deadlines (
        stream_id             text primary key,
        kind                  text not null,
        target_org_id         text,
        original_due_at       timestamptz,
        live_recorded_at      timestamptz,
        live_event_id         text,
        closed_at             timestamptz,
        closed_recorded_at    timestamptz,
        closed_event_id       text,
        withdrawn_recorded_at timestamptz,
        state                 json not null
      );
      -- The folded state as json, not jsonb: only ever read back whole (see read.deadlines). Converted in place, once.
      ${stateColumnAsJson('assessment_deadlines')}
      -- Room on each page for a new version of its rows: a ladder event rewrites the folded state and
      -- no indexed column, so the update stays on its page (HOT) and writes no index.
      alter table read.assessment_deadlines set (fillfactor = 60);
      create table if not exists read.assessment_pledge_items (
        stream_id             text not null,
        item_id               text not null,
        target_org_id         text not null,
        due_at                timestamptz not null,
        live_recorded_at      timestamptz not null,
        fulfilled_at          timestamptz,
        fulfilled_recorded_at timestamptz,
        fulfilled_event_id    text,
        primary key (stream_id, item_id)
      );
      create table if not exists read.assessment_penalties (
        event_id      text primary key,
        stream_id     text not null,
        kind          text not null,
        target_org_id text not null,
        at            timestamptz not null,
        recorded_at   timestamptz not null
      );`);
  }

  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    return applyToSubjectRows(this, events, client);
  }

  subjectsOf(events: RecordedEvent[]): string[] {
    return [...new Set(events.filter((e) => this.sources.forCategory(streamCategory(e.streamId))).map((e) => e.streamId))];
  }

  /** The warnings and escalations received, to insert. */
  noWrites(): Penalty[] {
    return [];
  }

  fold(events: RecordedEvent[], rows: Map<string, SubjectRow>, penalties: Penalty[]): void {
    for (const event of events) {
      const source = this.sources.forCategory(streamCategory(event.streamId));
      if (!source) continue;
      const row = rows.get(event.streamId) ?? emptyRow(source.kind, this.folds.initial(source));
      rows.set(event.streamId, row);
      row.state = this.folds.evolve(source, row.state, event);
      const subject = source.describe(row.state, event.streamId);
      if (subject) this.note(row, subject, event);
      if (source.kind === 'pledge') notePledgeItems(row, row.state as PledgeState, event);
      const penalty = PENALTY_EVENTS[event.type];
      const target = subject?.targetOrgId ?? row.targetOrgId ?? (event.data as { targetOrgId?: string }).targetOrgId;
      if (penalty && target) {
        const at = (event.data as { at?: string }).at ?? event.occurredAt.toISOString();
        penalties.push({ event_id: event.eventId, stream_id: event.streamId, kind: penalty, target_org_id: target, at, recorded_at: event.recordedAt.toISOString() });
      }
    }
  }

  /** Transitions of the subject's deadline, with the event and the time it was recorded. */
  private note(row: SubjectRow, subject: DeadlineSubject, event: RecordedEvent): void {
    const { deadline } = subject;
    row.targetOrgId = subject.targetOrgId;
    if (row.liveRecordedAt === null) {
      row.liveRecordedAt = event.recordedAt;
      row.liveEventId = event.eventId;
    }
    row.originalDueAt = deadline.originalDueAt;
    if (deadline.status === 'closed' && row.closedRecordedAt === null) {
      row.closedAt = deadline.closedAt;
      row.closedRecordedAt = event.recordedAt;
      row.closedEventId = event.eventId;
    }
    if (deadline.status === 'withdrawn' && row.withdrawnRecordedAt === null) row.withdrawnRecordedAt = event.recordedAt;
  }

  async load(client: pg.ClientBase, streams: string[]): Promise<Map<string, SubjectRow>> {
    const rows = new Map<string, SubjectRow>();
    const { rows: found } = await client.query<{
      stream_id: string;
      kind: string;
      target_org_id: string | null;
      original_due_at: Date | null;
      live_recorded_at: Date | null;
      live_event_id: string | null;
      closed_at: Date | null;
      closed_recorded_at: Date | null;
      closed_event_id: string | null;
      withdrawn_recorded_at: Date | null;
      state: unknown;
    }>('select * from read.assessment_deadlines where stream_id = any($1::text[])', [streams]);
    for (const r of found) {
      rows.set(r.stream_id, {
        kind: r.kind,
        state: decodeState(r.state),
        targetOrgId: r.target_org_id,
        originalDueAt: r.original_due_at,
        liveRecordedAt: r.live_recorded_at,
        liveEventId: r.live_event_id,
        closedAt: r.closed_at,
        closedRecordedAt: r.closed_recorded_at,
        closedEventId: r.closed_event_id,
        withdrawnRecordedAt: r.withdrawn_recorded_at,
        items: new Map(),
      });
    }
    const pledgeStreams = found.filter((r) => r.kind === 'pledge').map((r) => r.stream_id);
    if (pledgeStreams.length > 0) {
      const { rows: items } = await client.query<{
        stream_id: string;
        item_id: string;
        due_at: Date;
        live_recorded_at: Date;
        fulfilled_at: Date | null;
        fulfilled_recorded_at: Date | null;
        fulfilled_event_id: string | null;
      }>('select * from read.assessment_pledge_items where stream_id = any($1::text[])', [pledgeStreams]);
      for (const item of items) {
        rows.get(item.stream_id)?.items.set(item.item_id, {
          dueAt: item.due_at,
          liveRecordedAt: item.live_recorded_at,
          fulfilledAt: item.fulfilled_at,
          fulfilledRecordedAt: item.fulfilled_recorded_at,
          fulfilledEventId: item.fulfilled_event_id,
        });
      }
    }
    return rows;
  }

  /**
   * Every changed row of the batch in three statements, not one round trip per stream, each with
   * its rows as one JSON document (jsonb_to_recordset): serialised once, no array escaping; the
   * subjects' folded states beside theirs as json texts (joinJsonTexts).
   */
  async store(client: pg.ClientBase, streams: string[], rows: Map<string, SubjectRow>, penalties: Penalty[]): Promise<void> {
    const deadlines: object[] = [];
    const states: string[] = [];
    const items: object[] = [];
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    for (const streamId of streams) {
      const row = rows.get(streamId)!;
      deadlines.push({
        stream_id: streamId, kind: row.kind, target_org_id: row.targetOrgId, original_due_at: iso(row.originalDueAt),
        live_recorded_at: iso(row.liveRecordedAt), live_event_id: row.liveEventId, closed_at: iso(row.closedAt),
        closed_recorded_at: iso(row.closedRecordedAt), closed_event_id: row.closedEventId, withdrawn_recorded_at: iso(row.withdrawnRecordedAt),
      });
      states.push(this.folds.json(row.state));
      for (const [itemId, item] of row.items) {
        items.push({
          stream_id: streamId, item_id: itemId, target_org_id: row.targetOrgId, due_at: iso(item.dueAt), live_recorded_at: iso(item.liveRecordedAt),
          fulfilled_at: iso(item.fulfilledAt), fulfilled_recorded_at: iso(item.fulfilledRecordedAt), fulfilled_event_id: item.fulfilledEventId,
        });
      }
    }
    await client.query(
      `insert into read.assessment_deadlines (stream_id, kind, target_org_id, original_due_at, live_recorded_at, live_event_id,
         closed_at, closed_recorded_at, closed_event_id, withdrawn_recorded_at, state)
       select d.stream_id, d.kind, d.target_org_id, d.original_due_at, d.live_recorded_at, d.live_event_id, d.closed_at,
              d.closed_recorded_at, d.closed_event_id, d.withdrawn_recorded_at, d.state::json
       from rows from (
         jsonb_to_recordset($1::jsonb)
           as (stream_id text, kind text, target_org_id text, original_due_at timestamptz, live_recorded_at timestamptz, live_event_id text,
               closed_at timestamptz, closed_recorded_at timestamptz, closed_event_id text, withdrawn_recorded_at timestamptz),
         ${splitJsonTexts('$2')}
       ) as d(stream_id, kind, target_org_id, original_due_at, live_recorded_at, live_event_id, closed_at, closed_recorded_at,
              closed_event_id, withdrawn_recorded_at, state)
       on conflict (stream_id) do update set target_org_id = excluded.target_org_id, original_due_at = excluded.original_due_at,
         live_recorded_at = excluded.live_recorded_at, live_event_id = excluded.live_event_id, closed_at = excluded.closed_at,
         closed_recorded_at = excluded.closed_recorded_at, closed_event_id = excluded.closed_event_id,
         withdrawn_recorded_at = excluded.withdrawn_recorded_at, state = excluded.state`,
      [JSON.stringify(deadlines), joinJsonTexts(states)],
    );
    if (penalties.length > 0) {
      await client.query(
        `insert into read.assessment_penalties (event_id, stream_id, kind, target_org_id, at, recorded_at)
         select * from jsonb_to_recordset($1::jsonb)
           as p(event_id text, stream_id text, kind text, target_org_id text, at timestamptz, recorded_at timestamptz)
         on conflict (event_id) do nothing`,
        [JSON.stringify(penalties)],
      );
    }
    if (items.length === 0) return;
    await client.query(
      `insert into read.assessment_pledge_items (stream_id, item_id, target_org_id, due_at, live_recorded_at, fulfilled_at,
         fulfilled_recorded_at, fulfilled_event_id)
       select * from jsonb_to_recordset($1::jsonb)
         as i(stream_id text, item_id text, target_org_id text, due_at timestamptz, live_recorded_at timestamptz, fulfilled_at timestamptz,
              fulfilled_recorded_at timestamptz, fulfilled_event_id text)
       on conflict (stream_id, item_id) do update set due_at = excluded.due_at, fulfilled_at = excluded.fulfilled_at,
         fulfilled_recorded_at = excluded.fulfilled_recorded_at, fulfilled_event_id = excluded.fulfilled_event_id`,
      [JSON.stringify(items)],
    );
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.assessment_deadlines, read.assessment_pledge_items, read.assessment_penalties');
  }
}

function emptyRow(kind: string, state: unknown): SubjectRow {
  return {
    kind,
    state,
    targetOrgId: null,
    originalDueAt: null,
    liveRecordedAt: null,
    liveEventId: null,
    closedAt: null,
    closedRecordedAt: null,
    closedEventId: null,
    withdrawnRecordedAt: null,
    items: new Map(),
  };
}

/** A pledge's items count once it is live (signed by both sides, or published); each fulfilment once. */
function notePledgeItems(row: SubjectRow, state: PledgeState, event: RecordedEvent): void {
  if (!state.exists || state.status === 'drafted') return;
  row.targetOrgId = state.targetOrgId;
  for (const item of state.items) {
    const known = row.items.get(item.id);
    if (!known) {
      row.items.set(item.id, { dueAt: item.dueAt, liveRecordedAt: event.recordedAt, fulfilledAt: null, fulfilledRecordedAt: null, fulfilledEventId: null });
    }
    const current = row.items.get(item.id)!;
    if (item.status === 'fulfilled' && current.fulfilledRecordedAt === null) {
      current.fulfilledAt = item.fulfilledAt;
      current.fulfilledRecordedAt = event.recordedAt;
      current.fulfilledEventId = event.eventId;
    }
  }
}

import type pg from 'pg';
import { localDateOf, type RecordedEvent } from '@app/kernel';
import { applyToSubjectRows, foldAlone, holdingRowsThrough, streamsOf, joinJsonTexts, splitJsonTexts, stateColumnAsJson, type Fold, type Folds, type Projection, type SharedFolds, type SubjectRows, type ReadModelIndex } from '@app/event-store';
import { decodeState } from '@app/escalation';
import { noticeDecider, type Notice, type NoticeState } from '../domain/notice.decider.js';
import type { NoticeEvent } from '../domain/notice.events.js';
import { noticeStatsUpsert, zeroNoticeStats, type NoticeStatsCounters } from './notice-stats.js';

/** Monthly counters per (issuer, target); a period's stats are the sum of its months. */
type StatsDelta = NoticeStatsCounters & { issuerOrgId: string; targetOrgId: string; month: string };

const DAY_MS = 86_400_000;

/** The decider's own functions (by identity): a rebuild folds a notice once for every projection that folds it with them. */
const noticeFold = noticeDecider as unknown as Fold<NoticeState>;

/**
 * `read.notices` (one row per notice: the list, its filters and the open-deadline counts of the
 * stats) and `read.notice_stats` (monthly counters per issuer and target, so the stats of a
 * quarter or a year sum a handful of rows however many notices there are). Months are local
 * months in the business time zone. The folded state is kept so a batch costs one read.
 */
/** A notice's folded state and the revision of the last event folded into it. */
interface FoldedNotice {
  state: NoticeState;
  revision: number;
}

export class NoticesProjection implements Projection, SubjectRows<FoldedNotice, Map<string, StatsDelta>> {
  readonly name = 'supervision.notices';
  readonly tables = ['read.notices', 'read.notice_stats'];
  readonly categories = ['notice'];
  readonly deferredIndexes: ReadModelIndex[] = [
    { name: 'notices_target_issued', table: 'read.notices', on: '(target_org_id, issued_at desc)' },
    { name: 'notices_issued', table: 'read.notices', on: '(issued_at desc)' },
    { name: 'notices_status_due', table: 'read.notices', on: '(status, due_at)' },
    { name: 'notices_issuer_open_due', table: 'read.notices', on: "(issuer_org_id, due_at) where status in ('issued', 'in_progress')" },
    { name: 'notices_issuer_open_original', table: 'read.notices', on: "(issuer_org_id, original_due_at) where status in ('issued', 'in_progress')" },
  ];

  private folds: Folds = foldAlone;

  constructor(private readonly tz: string) {}

  forRebuild(folds: SharedFolds): Projection {
    return holdingRowsThrough(this, folds);
  }

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.notices (
        id               text primary key,
        stream_id        text not null unique,
        issuer_org_id    text not null,
        target_org_id    text not null,
        title            text not null,
        severity         text not null,
        status           text not null,
        issued_at        timestamptz not null,
        acknowledged_at  timestamptz,
        original_due_at  timestamptz not null,
        due_at           timestamptz not null,
        closed_at        timestamptz,
        closed_on_time   boolean,
        escalation_level smallint not null default 0,
        extensions       integer not null default 0,
        rework_count     integer not null default 0,
        items            jsonb not null,
        revision         integer not null,
        state            json not null
      );
      -- The folded state as json, not jsonb: only ever read back whole (see read.deadlines). Converted in place, once.
      ${stateColumnAsJson('notices')}
      create table if not exists read.notice_stats (
        issuer_org_id     text not null,
        target_org_id     text not null,
        month             date not null,
        issued            integer not null default 0,
        closed            integer not null default 0,
        closed_on_time    integer not null default 0,
        close_days        double precision not null default 0,
        reworks           integer not null default 0,
        due               integer not null default 0,
        due_closed_on_time integer not null default 0,
        withdrawn         integer not null default 0,
        primary key (issuer_org_id, month, target_org_id)
      );`);
  }

  private month(instant: Date): string {
    return `${localDateOf(instant, this.tz).slice(0, 7)}-01`;
  }

  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    return applyToSubjectRows(this, events, client);
  }

  subjectsOf(events: RecordedEvent[]): string[] {
    return streamsOf(events);
  }

  async load(client: pg.ClientBase, streams: string[]): Promise<Map<string, FoldedNotice>> {
    const { rows } = await client.query<{ stream_id: string; state: unknown; revision: number }>(
      'select stream_id, state, revision from read.notices where stream_id = any($1::text[])',
      [streams],
    );
    return new Map(rows.map((r) => [r.stream_id, { state: decodeState<NoticeState>(r.state), revision: r.revision }]));
  }

  /** The monthly counters' changes, by issuer, target and month. */
  noWrites(): Map<string, StatsDelta> {
    return new Map();
  }

  fold(events: RecordedEvent[], states: Map<string, FoldedNotice>, deltas: Map<string, StatsDelta>): void {
    const delta = (notice: Notice, at: Date): StatsDelta => {
      const month = this.month(at);
      const key = `${notice.issuerOrgId}\u001f${notice.targetOrgId}\u001f${month}`;
      let entry = deltas.get(key);
      if (!entry) {
        entry = { issuerOrgId: notice.issuerOrgId, targetOrgId: notice.targetOrgId, month, ...zeroNoticeStats() };
        deltas.set(key, entry);
      }
      return entry;
    };

    for (const recorded of events) {
      const current = states.get(recorded.streamId) ?? { state: this.folds.initial(noticeFold), revision: -1 };
      // Defensive: the runner applies each event once, but the counters must never count twice.
      if (recorded.streamRevision <= current.revision) continue;
      const event = recorded as unknown as NoticeEvent;
      const next = this.folds.evolve(noticeFold, current.state, recorded);
      states.set(recorded.streamId, { state: next, revision: recorded.streamRevision });
      if (!next.exists) continue;
      switch (event.type) {
        case 'NoticeIssued':
          delta(next, next.issuedAt).issued += 1;
          delta(next, next.deadline.originalDueAt).due += 1;
          break;
        case 'ItemRejected':
          delta(next, new Date(event.data.at)).reworks += 1;
          break;
        case 'NoticeClosed': {
          const at = new Date(event.data.at);
          const closedIn = delta(next, at);
          closedIn.closed += 1;
          closedIn.closedOnTime += event.data.onTime ? 1 : 0;
          closedIn.closeDays += (at.getTime() - next.issuedAt.getTime()) / DAY_MS;
          if (event.data.onTime) delta(next, next.deadline.originalDueAt).dueClosedOnTime += 1;
          break;
        }
        case 'NoticeWithdrawn':
          // A withdrawn notice was never due: it leaves the denominator of the on-time rate.
          delta(next, new Date(event.data.at)).withdrawn += 1;
          delta(next, next.deadline.originalDueAt).due -= 1;
          break;
        default:
          break;
      }
    }
  }

  async store(client: pg.ClientBase, streams: string[], states: Map<string, FoldedNotice>, deltas: Map<string, StatsDelta>): Promise<void> {
    // Rows as one JSON document per statement (jsonb_to_recordset), serialised once: arrays of texts
    // (unnest) had node-postgres escape every quote of every state (bench:province). The states
    // beside them as json texts (joinJsonTexts).
    const notices: object[] = [];
    const stateTexts: string[] = [];
    for (const streamId of streams) {
      const entry = states.get(streamId);
      if (!entry || !entry.state.exists) continue;
      const n = entry.state;
      notices.push({
        id: n.id,
        stream_id: streamId,
        issuer_org_id: n.issuerOrgId,
        target_org_id: n.targetOrgId,
        title: n.title,
        severity: n.severity,
        status: n.status,
        issued_at: n.issuedAt.toISOString(),
        acknowledged_at: n.acknowledgedAt?.toISOString() ?? null,
        original_due_at: n.deadline.originalDueAt.toISOString(),
        due_at: n.deadline.dueAt.toISOString(),
        closed_at: n.deadline.closedAt?.toISOString() ?? null,
        closed_on_time: n.closedOnTime,
        escalation_level: n.deadline.escalationLevel,
        extensions: n.deadline.extensions,
        rework_count: n.items.reduce((sum, item) => sum + item.reworkCount, 0),
        items: n.items.map((item) => ({ id: item.id, problem: item.problem, status: item.status, reworkCount: item.reworkCount })),
        revision: entry.revision,
      });
      stateTexts.push(this.folds.json(n));
    }
    if (notices.length > 0) {
      await client.query(
        `insert into read.notices (id, stream_id, issuer_org_id, target_org_id, title, severity, status, issued_at,
           acknowledged_at, original_due_at, due_at, closed_at, closed_on_time, escalation_level, extensions, rework_count,
           items, revision, state)
         select n.id, n.stream_id, n.issuer_org_id, n.target_org_id, n.title, n.severity, n.status, n.issued_at, n.acknowledged_at,
                n.original_due_at, n.due_at, n.closed_at, n.closed_on_time, n.escalation_level, n.extensions, n.rework_count, n.items,
                n.revision, n.state::json
         from rows from (
           jsonb_to_recordset($1::jsonb)
             as (id text, stream_id text, issuer_org_id text, target_org_id text, title text, severity text, status text,
                 issued_at timestamptz, acknowledged_at timestamptz, original_due_at timestamptz, due_at timestamptz,
                 closed_at timestamptz, closed_on_time boolean, escalation_level smallint, extensions int, rework_count int,
                 items jsonb, revision int),
           ${splitJsonTexts('$2')}
         ) as n(id, stream_id, issuer_org_id, target_org_id, title, severity, status, issued_at, acknowledged_at, original_due_at,
                due_at, closed_at, closed_on_time, escalation_level, extensions, rework_count, items, revision, state)
         on conflict (id) do update set
           status = excluded.status, title = excluded.title, acknowledged_at = excluded.acknowledged_at,
           original_due_at = excluded.original_due_at, due_at = excluded.due_at, closed_at = excluded.closed_at,
           closed_on_time = excluded.closed_on_time, escalation_level = excluded.escalation_level,
           extensions = excluded.extensions, rework_count = excluded.rework_count, items = excluded.items,
           revision = excluded.revision, state = excluded.state`,
        [JSON.stringify(notices), joinJsonTexts(stateTexts)],
      );
    }

    if (deltas.size > 0) await client.query(noticeStatsUpsert([...deltas.values()]));
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.notices, read.notice_stats');
  }
}

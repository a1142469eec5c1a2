import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, DEADLINE_KINDS, lightOf, streamCategory, type DeadlineKind, type EscalationLevel, type Light, type OpenLight } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { Database, lightSql } from '@app/platform';
import { DeadlineSources, type DeadlineSubject } from './deadline-source.js';

export interface DeadlineRow {
  kind: DeadlineKind;
  subjectId: string;
  orgId: string;
  orgName: string | null;
  supervisorOrgId: string;
  title: string;
  dueAt: string;
  originalDueAt: string;
  light: Light;
  escalationLevel: EscalationLevel;
}

/**
 * An organisation whose subtree a board covers, with its depth (0 for a root such as the county)
 * when the caller has looked it up; without it the query finds the depth itself (see `list`).
 */
export interface SubtreeRoot {
  id: string;
  depth?: number;
}

/** Tree positions with an index of their own on read.deadlines (county, township, village). */
const INDEXED_PATH_POSITIONS = 3;

/** The depth of the organisation `$n` names, read once per query (PostgreSQL evaluates it as an InitPlan). */
const depthOf = (param: string) => `(select cardinality(r.ancestors) from read.organizations r where r.id = ${param})`;

export interface DeadlineBoardFilter {
  /** null: every organisation (admin). Otherwise only subjects whose target is in this subtree. */
  scope: SubtreeRoot | null;
  /** Narrow to the subtree of this organisation (already checked to be readable). */
  org?: SubtreeRoot;
  kind?: DeadlineKind;
  light?: OpenLight;
  limit: number;
  offset: number;
}

/**
 * The board of open deadlines, soonest first. One indexed query: the scope is a join on the
 * organisation tree's ancestor array, the light a condition on due_at against the clock.
 */
@Injectable()
export class DeadlineBoardQuery {
  /** Statement names by query text: a handful of filter shapes, each hashed once, not per request. */
  private readonly statementNames = new Map<string, string>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly store: EventStore,
    private readonly sources: DeadlineSources,
  ) {}

  private yellowWithin(): Record<string, number> {
    return Object.fromEntries(DEADLINE_KINDS.map((k) => [k, this.config.escalationPolicy[k].yellowWithin]));
  }

  /**
   * The board as it stood at `asOf`, computed from the events: each subject in scope that may
   * have been open then (open now, or changed since) is read from its stream, cut at `asOf` (by
   * the time each event was recorded) and folded with its context's evolve; its light is the
   * light at `asOf`. The read model only says which streams to read.
   */
  async listAsOf(filter: DeadlineBoardFilter, asOf: Date): Promise<DeadlineRow[]> {
    const params: unknown[] = [asOf.toISOString()];
    const where = [`(d.status = 'open' or d.last_recorded_at is null or d.last_recorded_at > $1::timestamptz)`];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.kind) where.push(`d.kind = ${add(filter.kind)}`);
    for (const root of [filter.scope, filter.org].filter((r): r is SubtreeRoot => r != null)) {
      const id = add(root.id);
      const position = root.depth === undefined ? `${depthOf(id)} + 1` : String(root.depth + 1);
      where.push(`(d.target_path[${position}] = ${id}::text or (d.target_path is null and (o.id = ${id} or o.ancestors @> array[${id}::text])))`);
    }
    const { rows } = await this.database.pool.query<{ stream_id: string }>(
      `select d.stream_id from read.deadlines d left join read.organizations o on o.id = d.target_org_id where ${where.join(' and ')}`,
      params,
    );
    const yellow = this.yellowWithin();
    const open: DeadlineSubject[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      const streams = await this.store.readStreams(rows.slice(i, i + 500).map((r) => r.stream_id));
      for (const [streamId, history] of streams) {
        const source = this.sources.forCategory(streamCategory(streamId));
        if (!source) continue;
        let state = source.initialState();
        for (const event of history) if (event.recordedAt.getTime() <= asOf.getTime()) state = source.evolve(state, event);
        const subject = source.describe(state, streamId);
        if (subject && subject.deadline.status === 'open') open.push(subject);
      }
    }
    const lit = open
      .map((s) => ({ subject: s, light: lightOf({ ...s.deadline, closedAt: null }, asOf, yellow[s.kind]!) }))
      .filter((x) => !filter.light || x.light === filter.light)
      .sort((a, b) => a.subject.deadline.dueAt.getTime() - b.subject.deadline.dueAt.getTime() || (a.subject.streamId < b.subject.streamId ? -1 : 1))
      .slice(filter.offset, filter.offset + filter.limit);
    const names = new Map<string, string>();
    const ids = [...new Set(lit.map((x) => x.subject.targetOrgId))];
    if (ids.length > 0) {
      const found = await this.database.pool.query<{ id: string; name: string }>('select id, name from read.organizations where id = any($1::text[])', [ids]);
      for (const r of found.rows) names.set(r.id, r.name);
    }
    return lit.map(({ subject, light }) => ({
      kind: subject.kind,
      subjectId: subject.subjectId,
      orgId: subject.targetOrgId,
      orgName: names.get(subject.targetOrgId) ?? null,
      supervisorOrgId: subject.supervisorOrgId,
      title: subject.title,
      dueAt: subject.deadline.dueAt.toISOString(),
      originalDueAt: subject.deadline.originalDueAt.toISOString(),
      light,
      escalationLevel: subject.deadline.escalationLevel,
    }));
  }

  async list(filter: DeadlineBoardFilter): Promise<DeadlineRow[]> {
    const now = this.clock.now();
    const yellow = this.yellowWithin();
    const params: unknown[] = [filter.limit, filter.offset];
    const where = [`d.status = 'open'`];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.kind) where.push(`d.kind = ${add(filter.kind)}`);
    const light = filter.light;
    if (light) {
      // Each kind has its own yellow window; the bounds of the light are the kernel's (lightOf).
      const kinds = filter.kind ? [filter.kind] : DEADLINE_KINDS;
      where.push(`(${kinds.map((kind) => `(d.kind = ${add(kind)} and ${lightSql('d.due_at', light, now, yellow[kind]!, add)})`).join(' or ')})`);
    }

    // A subtree is a condition on the target's path: `target_path[depth + 1] = root` (an ordered
    // range scan on its index). Rows without a path (written before paths existed, or for a target
    // the tree did not know) are found by the tree join instead, in a second, normally empty, part.
    //
    // A root whose depth the caller did not look up (the caller's own organisation, on every board
    // request) costs no round trip of its own: the query reads its depth once (an uncorrelated
    // subquery, evaluated once) and only the branch of that depth runs; the others'
    // conditions are false before they read a row. An unknown organisation has no depth: no rows.
    const roots = [filter.scope, filter.org].filter((r): r is SubtreeRoot => r != null);
    let pathedBranches: string[][] = [[...where, `d.target_path is not null`]];
    const pathless = [...where, `d.target_path is null`];
    for (const root of roots) {
      const id = add(root.id);
      if (root.depth !== undefined) {
        for (const branch of pathedBranches) branch.push(`d.target_path[${root.depth + 1}] = ${id}::text`);
      } else {
        const depth = depthOf(id);
        const byDepth = (branch: string[]) => [
          ...Array.from({ length: INDEXED_PATH_POSITIONS }, (_, k) => [...branch, `${depth} = ${k}`, `d.target_path[${k + 1}] = ${id}::text`]),
          [...branch, `${depth} >= ${INDEXED_PATH_POSITIONS}`, `d.target_path[${depth} + 1] = ${id}::text`],
        ];
        pathedBranches = pathedBranches.flatMap(byDepth);
      }
      pathless.push(`(o.id = ${id} or o.ancestors @> array[${id}::text])`);
    }
    // Positions 1 to 3 (county, township, village) are indexed; a deeper root still works, unindexed.
    const window = add(filter.limit + filter.offset);
    const columns = `d.stream_id, d.kind, d.subject_id, d.target_org_id, d.supervisor_org_id, d.title, d.due_at,
                     d.original_due_at, d.escalation_level`;
    const pathedSelects = pathedBranches.map(
      (branch) => `(select ${columns} from read.deadlines d
               where ${branch.join(' and ')}
               order by d.due_at, d.stream_id limit ${window})`,
    );
    const text = `select b.*, o.name as org_name
       from (${pathedSelects.join('\n             union all\n             ')}
             union all
             (select ${columns} from read.deadlines d
               left join read.organizations o on o.id = d.target_org_id
               where ${pathless.join(' and ')}
               order by d.due_at, d.stream_id limit ${window})) b
       left join read.organizations o on o.id = b.target_org_id
       order by b.due_at, b.stream_id
       limit $1 offset $2`;
    // A named statement: each connection plans the query once per shape of filter (a handful), not
    // per request; five branches with their depth lookups took longer to plan than to run.
    const { rows } = await this.database.pool.query<{
      kind: DeadlineKind; subject_id: string; target_org_id: string; org_name: string | null; supervisor_org_id: string;
      title: string; due_at: Date; original_due_at: Date; escalation_level: number;
    }>({ name: this.statementName(text), text, values: params });
    return rows.map((r) => ({
      kind: r.kind,
      subjectId: r.subject_id,
      orgId: r.target_org_id,
      orgName: r.org_name,
      supervisorOrgId: r.supervisor_org_id,
      title: r.title,
      dueAt: r.due_at.toISOString(),
      originalDueAt: r.original_due_at.toISOString(),
      light: lightOf({ status: 'open', dueAt: r.due_at, originalDueAt: r.original_due_at, closedAt: null }, now, yellow[r.kind]!),
      escalationLevel: r.escalation_level as EscalationLevel,
    }));
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (name === undefined) {
      name = `board_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.statementNames.set(text, name);
    }
    return name;
  }
}

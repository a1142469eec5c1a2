import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { SharedFolds } from './shared-folds.js';

/**
 * A read model kept in PostgreSQL. `apply` runs inside the transaction that also stores the
 * checkpoint, so each event changes the read model exactly once.
 */
export interface Projection {
  readonly name: string;
  /**
   * Its tables (`read.x`). A rebuild analyzes them once it has committed rows to them: the reset
   * left them empty, and a plan made meanwhile (a prepared statement's generic plan, kept until the
   * statistics change) would otherwise be made for an empty table (bench:province: the board's
   * requests during a ten-county rebuild).
   */
  readonly tables?: readonly string[];
  /** Only these stream categories / event-type prefixes are read (all when omitted). */
  readonly categories?: string[];
  readonly typePrefixes?: string[];
  /** Creates the read model's tables; idempotent (`create table if not exists`). */
  setup(client: pg.ClientBase): Promise<void>;
  apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void>;
  /** Empties the read model for a rebuild from position zero. */
  reset(client: pg.ClientBase): Promise<void>;
  /**
   * The same projection (same name, tables and caches) folding through the rebuild's shared
   * `folds`, so a stream several projections fold with the same decider is folded once per event.
   */
  forRebuild?(folds: SharedFolds): Projection;
  /**
   * Present on a rebuild's projection that holds its writes across pages (`HeldSubjectRows`): its
   * `apply` then only reads, and `flush` writes what it holds. The rebuild flushes every so many
   * pages and at the end, and moves the projection's checkpoint only with a flush, in its transaction.
   */
  flush?(client: pg.ClientBase): Promise<void>;
  /**
   * With `flush`: the subjects whose rows it holds unwritten. The rebuild flushes it early when they
   * reach its bound, so what it holds stays bounded however many subjects the log interleaves.
   */
  unwritten?(): number;
  /**
   * Indexes of its tables that a rebuild of several projections (`rebuildTogether`) drops with the reset
   * and builds once the projection has applied the whole log, instead of maintaining them row by row:
   * PostgreSQL's advice for loading a table ("Populating a Database"). Never one the projection's own
   * writes need (an `on conflict` target) nor one read while a rebuild runs (the deadline board's).
   * `setupReadModels` creates them after `setup` (its tables), so any start after an interrupted
   * rebuild builds them again.
   */
  readonly deferredIndexes?: readonly ReadModelIndex[];
}

/** An index of a read model's table, as `create index` takes it. */
export interface ReadModelIndex {
  /** The index's name (in the table's schema). */
  name: string;
  /** The table, `read.<table>`. */
  table: string;
  /** What follows `on <table>`: the columns (`(org_id, at desc)`), and a `where` clause for a partial index. */
  on: string;
  unique?: boolean;
}

/** `create [unique] index if not exists …` for `index`. */
export function createIndexSql(index: ReadModelIndex): string {
  return `create ${index.unique ? 'unique ' : ''}index if not exists ${checkedName(index.name)} on ${checkedTable(index.table)} ${index.on}`;
}

/**
 * Drops `index`, also where an older setup made it as the table's primary key constraint (the
 * timeline's, `timeline_pkey`), which `drop index` alone refuses to drop.
 */
export function dropIndexSql(index: ReadModelIndex): string {
  const table = checkedTable(index.table);
  const name = checkedName(index.name);
  return `alter table ${table} drop constraint if exists ${name}; drop index if exists ${table.split('.')[0]}.${name}`;
}

function checkedName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad read-model index name ${name}`);
  return name;
}

function checkedTable(table: string): string {
  if (!/^[a-z_]+\.[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Bad read-model table ${table}`);
  return table;
}

/**
 * An effect (schedule a job, send a notification). At-least-once: the checkpoint is stored
 * after `handle` succeeds, so after a crash a batch may be handled again; effects must be
 * idempotent.
 */
export interface Reactor {
  readonly name: string;
  readonly categories?: string[];
  readonly typePrefixes?: string[];
  handle(events: RecordedEvent[]): Promise<void>;
}

/**
 * `projection` as it is (same name, tables and caches) but folding through `folds`: what each
 * folding projection's `forRebuild` returns. The projection keeps its folds in a field named `folds`, which this shadows.
 */
export function foldingThrough(projection: Projection, folds: SharedFolds): Projection {
  return Object.assign(Object.create(projection) as Projection, { folds });
}

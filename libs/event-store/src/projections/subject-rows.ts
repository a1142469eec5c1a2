import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import { foldingThrough, type Projection } from './projection.js';
import type { SharedFolds } from './shared-folds.js';

/**
 * How a projection keeps one row per subject (a stream) with the subject's folded state: the rows
 * of a batch's subjects are read back, the batch's events folded into them, the touched rows
 * written back. `Writes` collects what the events write besides the rows (counters to add, facts to
 * insert), so that it can be written with them.
 */
export interface SubjectRows<Row, Writes> {
  /** The subjects of these events this projection keeps a row for, each once. */
  subjectsOf(events: RecordedEvent[]): string[];
  /** The stored rows of these subjects (absent: none stored yet). */
  load(client: pg.ClientBase, streams: string[]): Promise<Map<string, Row>>;
  /** Nothing to write yet. */
  noWrites(): Writes;
  /** Folds the events, in order, into `rows` (adding the rows of new subjects), noting other writes in `writes`. */
  fold(events: RecordedEvent[], rows: Map<string, Row>, writes: Writes): void;
  /** Writes the rows of `streams` (as `rows` holds them; a subject with no row to show is left out) and `writes`. */
  store(client: pg.ClientBase, streams: string[], rows: Map<string, Row>, writes: Writes): Promise<void>;
}

/** The streams of these events, each once, in the order first met: most projections' `subjectsOf`. */
export function streamsOf(events: RecordedEvent[]): string[] {
  return [...new Set(events.map((e) => e.streamId))];
}

/** A batch applied as a live runner applies it: read back, fold, write back, in the runner's transaction. */
export async function applyToSubjectRows<Row, Writes>(subjects: SubjectRows<Row, Writes>, events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
  const streams = subjects.subjectsOf(events);
  if (streams.length === 0) return;
  const rows = await subjects.load(client, streams);
  const writes = subjects.noWrites();
  subjects.fold(events, rows, writes);
  await subjects.store(client, streams, rows, writes);
}

/** Rows written by one statement of a flush: a county's subjects at once would make one document of tens of MB. */
const FLUSH_CHUNK = 5_000;

/**
 * A rebuild's write-behind of a projection's subject rows. A rebuild reads the log in time order,
 * where a subject's events are spread over months of everyone else's: written back page by page,
 * each subject would be read back and written again on every page it appears on (bench:province:
 * the time-ordered log rebuilt at two thirds of the rate of the same log grouped by subject).
 * Held, a subject's row is folded in memory across pages and written once per flush.
 *
 * `apply` only reads (the rows of subjects it does not hold, which a flush wrote earlier); `flush`
 * writes every row touched since the last flush and what the events noted besides, and the rebuild
 * moves the projection's checkpoint in the same transaction, so the read model and its checkpoint
 * still change together. After a flush only the rows touched since the previous one stay held: the
 * memory is bounded by the subjects active in two flushes' worth of the log, not by the log, and
 * the rebuild flushes early a projection whose unwritten rows reach a bound (`unwritten`), so it
 * is bounded however many subjects a flush's worth of the log touches.
 */
export class HeldSubjectRows<Row, Writes> {
  private readonly held = new Map<string, Row>();
  /** Subjects touched since the last flush, in the order first touched. */
  private touched = new Set<string>();
  private writes: Writes;

  constructor(private readonly subjects: SubjectRows<Row, Writes>) {
    this.writes = subjects.noWrites();
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const streams = this.subjects.subjectsOf(events);
    if (streams.length === 0) return;
    const missing = streams.filter((stream) => !this.held.has(stream));
    if (missing.length > 0) {
      for (const [stream, row] of await this.subjects.load(client, missing)) this.held.set(stream, row);
    }
    this.subjects.fold(events, this.held, this.writes);
    for (const stream of streams) this.touched.add(stream);
  }

  async flush(client: pg.ClientBase): Promise<void> {
    const streams = [...this.touched];
    if (streams.length === 0) {
      this.held.clear(); // nothing touched for a whole flush's worth of pages
      return;
    }
    // The other writes go with the first statement (once), the rows in chunks.
    for (let start = 0; start === 0 || start < streams.length; start += FLUSH_CHUNK) {
      await this.subjects.store(client, streams.slice(start, start + FLUSH_CHUNK), this.held, start === 0 ? this.writes : this.subjects.noWrites());
    }
    for (const stream of this.held.keys()) if (!this.touched.has(stream)) this.held.delete(stream);
    this.touched = new Set();
    this.writes = this.subjects.noWrites();
  }

  /** Subjects held in memory (for a rebuild's progress and tests). */
  get size(): number {
    return this.held.size;
  }

  /** Subjects touched since the last flush: the rows the next flush writes. */
  get unwritten(): number {
    return this.touched.size;
  }
}

/**
 * `projection` for a rebuild: folding through the rebuild's shared `folds` (`foldingThrough`) and
 * holding its subject rows across pages (`HeldSubjectRows`): what a subject-row projection's
 * `forRebuild` returns.
 */
export function holdingRowsThrough<P extends Projection & SubjectRows<unknown, unknown>>(projection: P, folds: SharedFolds): Projection {
  const folding = foldingThrough(projection, folds) as P;
  const held = new HeldSubjectRows(folding);
  return Object.assign(folding, {
    apply: (events: RecordedEvent[], client: pg.ClientBase) => held.apply(events, client),
    flush: (client: pg.ClientBase) => held.flush(client),
    unwritten: () => held.unwritten,
  });
}

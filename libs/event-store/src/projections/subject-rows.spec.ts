import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import { applyToSubjectRows, HeldSubjectRows, type SubjectRows } from './subject-rows.js';

const client = {} as pg.ClientBase; // the table below stands in for PostgreSQL: this spec is about when rows are read and written

function recorded(streamId: string, streamRevision: number, amount: number): RecordedEvent {
  return { streamId, streamRevision, type: 'Added', data: { amount } } as unknown as RecordedEvent;
}

/** A sum per subject, and a count of events (the "other writes", added to a total when stored). */
class Sums implements SubjectRows<{ sum: number; revision: number }, { events: number }> {
  readonly table = new Map<string, { sum: number; revision: number }>();
  total = 0;
  readonly loads: string[][] = [];
  readonly stores: Array<{ streams: string[]; events: number }> = [];

  subjectsOf(events: RecordedEvent[]): string[] {
    return [...new Set(events.map((e) => e.streamId))];
  }

  async load(_client: pg.ClientBase, streams: string[]) {
    this.loads.push(streams);
    return new Map(streams.filter((s) => this.table.has(s)).map((s) => [s, { ...this.table.get(s)! }]));
  }

  noWrites() {
    return { events: 0 };
  }

  fold(events: RecordedEvent[], rows: Map<string, { sum: number; revision: number }>, writes: { events: number }): void {
    for (const event of events) {
      const row = rows.get(event.streamId) ?? { sum: 0, revision: -1 };
      rows.set(event.streamId, { sum: row.sum + (event.data as { amount: number }).amount, revision: event.streamRevision });
      writes.events += 1;
    }
  }

  async store(_client: pg.ClientBase, streams: string[], rows: Map<string, { sum: number; revision: number }>, writes: { events: number }) {
    this.stores.push({ streams, events: writes.events });
    for (const stream of streams) this.table.set(stream, { ...rows.get(stream)! });
    this.total += writes.events;
  }
}

describe('subject rows: applied live, and held across a rebuild’s pages', () => {
  it('live: reads back the batch’s subjects, folds, writes them back', async () => {
    const sums = new Sums();
    await applyToSubjectRows(sums, [recorded('a', 0, 1), recorded('b', 0, 10), recorded('a', 1, 2)], client);
    await applyToSubjectRows(sums, [recorded('a', 2, 4)], client);
    expect(sums.table).toEqual(new Map([['a', { sum: 7, revision: 2 }], ['b', { sum: 10, revision: 0 }]]));
    expect(sums.loads).toEqual([['a', 'b'], ['a']]);
    expect(sums.total).toBe(4);
  });

  it('held: writes nothing until flushed, then each touched subject once with everything noted since the last flush', async () => {
    const sums = new Sums();
    const held = new HeldSubjectRows(sums);
    await held.apply([recorded('a', 0, 1), recorded('b', 0, 10)], client);
    await held.apply([recorded('a', 1, 2)], client);
    await held.apply([recorded('a', 2, 4), recorded('b', 1, 20)], client);
    expect(sums.stores).toEqual([]);
    expect(sums.table.size).toBe(0);
    // Each subject is looked for once, when first met; after that it is held.
    expect(sums.loads).toEqual([['a', 'b']]);
    expect(held.unwritten).toBe(2);

    await held.flush(client);
    expect(held.unwritten).toBe(0);
    expect(sums.stores).toEqual([{ streams: ['a', 'b'], events: 5 }]);
    expect(sums.table).toEqual(new Map([['a', { sum: 7, revision: 2 }], ['b', { sum: 30, revision: 1 }]]));
    expect(sums.total).toBe(5);

    // A flush with nothing touched since writes nothing.
    await held.flush(client);
    expect(sums.stores).toHaveLength(1);
  });

  it('lets go of a subject untouched for a whole flush and reads it back when it is met again', async () => {
    const sums = new Sums();
    const held = new HeldSubjectRows(sums);
    await held.apply([recorded('a', 0, 1), recorded('b', 0, 10)], client);
    await held.flush(client);
    await held.apply([recorded('b', 1, 20)], client);
    await held.flush(client); // a untouched since the first flush: let go
    expect(held.size).toBe(1);
    await held.apply([recorded('a', 1, 2), recorded('c', 0, 100)], client);
    await held.flush(client);
    expect(sums.loads).toEqual([['a', 'b'], ['a', 'c']]);
    expect(sums.stores.map((s) => s.streams)).toEqual([['a', 'b'], ['b'], ['a', 'c']]);
    expect(sums.table).toEqual(
      new Map([
        ['a', { sum: 3, revision: 1 }],
        ['b', { sum: 30, revision: 1 }],
        ['c', { sum: 100, revision: 0 }],
      ]),
    );
    expect(sums.total).toBe(5);
  });

  it('writes a large flush in chunks, the other writes once', async () => {
    const sums = new Sums();
    const held = new HeldSubjectRows(sums);
    await held.apply(Array.from({ length: 12_000 }, (_, i) => recorded(`s${i}`, 0, 1)), client);
    await held.flush(client);
    expect(sums.stores.map((s) => [s.streams.length, s.events])).toEqual([
      [5_000, 12_000],
      [5_000, 0],
      [2_000, 0],
    ]);
    expect(sums.table.size).toBe(12_000);
    expect(sums.total).toBe(12_000);
  });
});

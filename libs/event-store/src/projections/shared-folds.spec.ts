import type { RecordedEvent } from '@app/kernel';
import { foldAlone, SharedFolds, type Fold } from './shared-folds.js';

interface Counter {
  total: number;
  at: Date | null;
}

const recorded = (streamRevision: number, amount: number): RecordedEvent =>
  ({ eventId: `e${streamRevision}`, streamId: 'counter-1', streamRevision, type: 'Added', data: { amount }, metadata: {}, occurredAt: new Date(0), recordedAt: new Date(0), globalPosition: BigInt(streamRevision) }) as unknown as RecordedEvent;

function countingFold(): Fold<Counter> & { calls: number } {
  const fold = {
    calls: 0,
    initialState: (): Counter => ({ total: 0, at: null }),
    evolve: (state: Counter, event: { type: string; data: { amount: number } }): Counter => {
      fold.calls += 1;
      return { total: state.total + event.data.amount, at: new Date(Date.UTC(2025, 0, 1) + state.total) };
    },
  };
  return fold;
}

describe('SharedFolds', () => {
  it('folds each event once for projections folding the same stream with the same decider', () => {
    const fold = countingFold();
    const folds = new SharedFolds();
    const events = [recorded(0, 2), recorded(1, 3)];
    const byEachProjection = [1, 2, 3].map(() => events.reduce((state, event) => folds.evolve(fold, state, event), folds.initial(fold)));
    expect(fold.calls).toBe(2);
    expect(byEachProjection[0]).toEqual({ total: 5, at: new Date(Date.UTC(2025, 0, 1) + 2) });
    expect(byEachProjection[1]).toBe(byEachProjection[0]);
    expect(byEachProjection[2]).toBe(byEachProjection[0]);
  });

  it('folds again from another state (read back from a table) or with another decider', () => {
    const fold = countingFold();
    const other = countingFold();
    const folds = new SharedFolds();
    const event = recorded(4, 1);
    const fromMemory = folds.evolve(fold, { total: 10, at: null }, event);
    const fromTable = folds.evolve(fold, { total: 20, at: null }, event);
    const byOther = folds.evolve(other, { total: 20, at: null }, event);
    expect([fromMemory.total, fromTable.total, byOther.total]).toEqual([11, 21, 21]);
    expect(fold.calls).toBe(2);
    expect(other.calls).toBe(1);
  });

  it('encodes and serialises a state as foldAlone does', () => {
    const folds = new SharedFolds();
    const state = { total: 1, at: new Date('2025-01-01T00:00:00.000Z') };
    expect(folds.encode(state)).toEqual({ total: 1, at: { $date: '2025-01-01T00:00:00.000Z' } });
    expect(folds.json(state)).toBe('{"total":1,"at":{"$date":"2025-01-01T00:00:00.000Z"}}');
    expect(folds.json(state)).toBe(foldAlone.json(state));
    expect(folds.json(7)).toBe('7');
  });

  it('serialises a state once for every projection writing it before forgetTexts, not after', () => {
    const folds = new SharedFolds();
    let serialised = 0; // each serialisation reads `total` once
    const state = Object.defineProperty({ at: new Date('2025-01-01T00:00:00.000Z') }, 'total', { get: () => (serialised++, 1), enumerable: true });
    const first = folds.json(state);
    expect(folds.json(state)).toBe(first);
    expect(serialised).toBe(1);
    // An equal state of its own (read back from a table) is serialised on its own.
    expect(folds.json({ at: state.at, total: 1 })).toBe('{"at":{"$date":"2025-01-01T00:00:00.000Z"},"total":1}');
    folds.forgetTexts();
    expect(folds.json(state)).toBe(first);
    expect(serialised).toBe(2);
  });
});

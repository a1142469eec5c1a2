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

  it('encodes and serialises a state as foldAlone does, keeping nothing (held rows would keep it as long as their state)', () => {
    const folds = new SharedFolds();
    const state = { total: 1, at: new Date('2025-01-01T00:00:00.000Z') };
    expect(folds.encode(state)).toEqual({ total: 1, at: { $date: '2025-01-01T00:00:00.000Z' } });
    expect(folds.json(state)).toBe('{"total":1,"at":{"$date":"2025-01-01T00:00:00.000Z"}}');
    expect(folds.json(state)).toBe(foldAlone.json(state));
    expect(folds.json(7)).toBe('7');
  });
});

import type { FoldableEvent } from './event-store.port.js';

/**
 * Lifts one event's data by one schema version. It sees the event's type, version, revision and
 * data, nothing else: the fold-only read (readStreamsForFolding) carries no more than that.
 */
export type Upcast = (data: any, event: FoldableEvent) => any;

/**
 * Stored events are never rewritten; when an event's shape changes, its schemaVersion goes up
 * and an upcaster turns old data into the new shape as it is read.
 */
export class EventUpcasters {
  private readonly steps = new Map<string, Upcast>();

  /** Register the step that lifts `type` from `fromVersion` to `fromVersion + 1`. */
  register(type: string, fromVersion: number, upcast: Upcast): this {
    this.steps.set(`${type}@${fromVersion}`, upcast);
    return this;
  }

  upcast<Event extends FoldableEvent>(event: Event): Event {
    let current = event;
    for (;;) {
      const step = this.steps.get(`${current.type}@${current.schemaVersion}`);
      if (!step) return current;
      current = { ...current, data: step(current.data, current), schemaVersion: current.schemaVersion + 1 };
    }
  }
}

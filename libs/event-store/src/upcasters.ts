import type { RecordedEvent } from '@app/kernel';

export type Upcast = (data: any, event: RecordedEvent) => any;

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

  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (;;) {
      const step = this.steps.get(`${current.type}@${current.schemaVersion}`);
      if (!step) return current;
      current = { ...current, data: step(current.data, current), schemaVersion: current.schemaVersion + 1 };
    }
  }
}

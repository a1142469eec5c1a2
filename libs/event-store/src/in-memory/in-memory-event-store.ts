import { comparePositions, streamCategory, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import {
  EventStore, StreamDeleted, WrongExpectedVersion, assertAtomicBatch, expectationHolds,
  type AppendRequest, type AppendResult, type ExpectedRevision, type ReadAllOptions, type ReadAllPage, type SubscribeOptions,
  type Subscription, type SubscriptionHandler,
} from '../event-store.port.js';
import { pollingSubscription, WakeUp } from '../polling-subscription.js';
import { EventUpcasters } from '../upcasters.js';
import { matchesFilter } from '../filter.js';

/** For fast handler tests; passes the same contract suite as the real stores. */
export class InMemoryEventStore extends EventStore {
  readonly name = 'in-memory';
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly deleted = new Set<string>();
  private readonly wake = new WakeUp();

  constructor(private readonly upcasters = new EventUpcasters()) {
    super();
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appendNow(streamId, events, expected);
  }

  async appendAtomically(requests: AppendRequest[]): Promise<AppendResult[]> {
    assertAtomicBatch(requests);
    // Everything is checked before anything is written, with no await in between: all or nothing.
    const allIds = new Set(this.log.map((e) => e.eventId));
    for (const { streamId, events, expected } of requests) {
      if (this.deleted.has(streamId)) throw new StreamDeleted(streamId);
      const actual = (this.streams.get(streamId)?.length ?? 0) - 1;
      if (!expectationHolds(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      for (const event of events) {
        if (allIds.has(event.eventId)) throw new Error(`Duplicate event id ${event.eventId}`);
        allIds.add(event.eventId);
      }
    }
    return requests.map(({ streamId, events, expected }) => this.appendNow(streamId, events, expected));
  }

  private appendNow(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    if (this.deleted.has(streamId)) throw new StreamDeleted(streamId);
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    const storedIds = new Set(stream.map((e) => e.eventId));
    if (events.length > 0 && events.every((e) => storedIds.has(e.eventId))) {
      const last = stream.filter((e) => events.some((n) => n.eventId === e.eventId)).at(-1)!;
      return { nextRevision: actual, position: last.position, alreadyStored: true };
    }
    if (!expectationHolds(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
    const allIds = new Set(this.log.map((e) => e.eventId));
    for (const event of events) {
      if (allIds.has(event.eventId)) throw new Error(`Duplicate event id ${event.eventId} in another stream`);
    }
    const recordedAt = new Date();
    for (const event of events) {
      const sequence = BigInt(this.log.length);
      const recorded: RecordedEvent = {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        streamId,
        streamRevision: stream.length,
        globalPosition: sequence,
        position: { commit: sequence, prepare: sequence },
        occurredAt: event.occurredAt,
        recordedAt,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata),
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    this.wake.notify();
    const last = stream.at(-1);
    const result = { nextRevision: stream.length - 1, position: last ? last.position : { commit: -1n, prepare: -1n } };
    this.noteAppended([result]);
    return result;
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    if (this.deleted.has(streamId)) return [];
    return (this.streams.get(streamId) ?? []).slice(fromRevision).map((e) => this.upcasters.upcast(e));
  }

  async streamRevision(streamId: string): Promise<number> {
    if (this.deleted.has(streamId)) return -1;
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const max = options.maxCount ?? 1000;
    const start = options.after ? this.log.findIndex((e) => comparePositions(e.position, options.after!) > 0) : 0;
    const events: RecordedEvent[] = [];
    let lastPosition: Position | undefined;
    if (start === -1) return { events, lastPosition: undefined, hasMore: false };
    let index = start;
    for (; index < this.log.length && events.length < max; index++) {
      const event = this.log[index]!;
      lastPosition = event.position;
      if (matchesFilter(event.type, streamCategory(event.streamId), options)) events.push(this.upcasters.upcast(event));
    }
    return { events, lastPosition, hasMore: index < this.log.length };
  }

  async headPosition(): Promise<Position | undefined> {
    return this.log.at(-1)?.position;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    return pollingSubscription((o) => this.readAll(o), this.wake, handler, options);
  }

  async deleteStream(streamId: string): Promise<void> {
    this.deleted.add(streamId);
  }

  async close(): Promise<void> {
    this.wake.notify();
  }
}

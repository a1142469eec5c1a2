import { comparePositions, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';

/** What the writer expects the stream to be at: absent, anything, or an exact revision. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  position: Position;
  /** True when every event id was already stored in this stream (a repeated effect): nothing was appended. */
  alreadyStored?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  after?: Position;
  maxCount?: number;
  /** Only events whose stream category is one of these. */
  categories?: string[];
  /** Only events whose type starts with one of these prefixes. */
  typePrefixes?: string[];
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Where the next page starts (pass as `after`); advances past filtered-out events too. */
  lastPosition: Position | undefined;
  /** False when the reader has caught up with everything that is safely visible. */
  hasMore: boolean;
}

export interface SubscribeOptions extends Omit<ReadAllOptions, 'maxCount'> {
  batchSize?: number;
  /**
   * Called when the handler throws; the subscription then stops (it never moves past a
   * batch that was not handled). Read errors are retried and reported here too.
   */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves when the subscription has stopped (after the batch in hand). */
  stop(): Promise<void>;
}

/**
 * Called for each page of events, in order; the subscription waits for it. It may be called
 * with no events when the position moved past events the filter left out, so a checkpoint
 * can follow.
 */
export type SubscriptionHandler = (events: RecordedEvent[], lastPosition: Position) => Promise<void>;

/**
 * What folding a stream needs of a stored event: its type, (upcast) data, schema version and
 * revision; no ids, positions, times or metadata. See EventStore.readStreamsForFolding.
 */
export type FoldableEvent<Data = any> = Pick<RecordedEvent<Data>, 'type' | 'schemaVersion' | 'streamRevision' | 'data'>;

/** One append of a batch (EventStore.appendMany). */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/** Where an event is: its stream and its revision there (readEventsAt). */
export interface EventPlace {
  streamId: string;
  revision: number;
}

function placeKey(streamId: string, revision: number): string {
  return `${revision}:${streamId}`;
}

export class WrongExpectedVersion extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's revision when the append was refused; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)} but it is at ${actual === -1 ? 'no stream' : actual}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** Whether a stream at `actual` (-1: no stream) meets the writer's expectation. */
export function expectationHolds(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}

/** appendAtomically takes one non-empty request per stream: two would number from the same revision. */
export function assertAtomicBatch(requests: AppendRequest[]): void {
  const streams = new Set(requests.map((r) => r.streamId));
  if (streams.size !== requests.length) throw new Error('appendAtomically: one request per stream');
  if (requests.some((r) => r.events.length === 0)) throw new Error('appendAtomically: a request without events');
}

export class StreamDeleted extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is deleted`);
    this.name = 'StreamDeleted';
  }
}

/**
 * The event store port (DESIGN §3). It is an abstract class so it can be the DI token;
 * EventStoreModule picks the adapter from configuration.
 */
export abstract class EventStore {
  abstract readonly name: string;
  private newestAppended: Position | undefined;

  /**
   * The newest position this store object appended (undefined before its first append): what a
   * read-your-writes wait in this process waits for (ProjectionHost.awaitReadModels). Appends by
   * other processes, a worker's ladder firing 40,000 steps at a quarter's due second, are not in
   * it, so they do not hold up every query of the API while the read models catch up with them.
   */
  newestAppendedPosition(): Position | undefined {
    return this.newestAppended;
  }

  /** Adapters call this with what they appended (a repeated append, position -1, appended nothing). */
  protected noteAppended(results: ReadonlyArray<AppendResult | Error>): void {
    for (const result of results) {
      if (result instanceof Error || result.alreadyStored || result.position.prepare < 0n) continue;
      if (!this.newestAppended || comparePositions(result.position, this.newestAppended) > 0) this.newestAppended = result.position;
    }
  }

  abstract append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;

  /** Events of one stream from `fromRevision` (inclusive), oldest first; [] for an absent stream. */
  abstract readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]>;

  /**
   * Several streams at once, each oldest first; every requested id is a key ([] when absent or
   * deleted). Adapters that can read them in one round trip override this loop.
   */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const streamId of streamIds) streams.set(streamId, await this.readStream(streamId));
    return streams;
  }

  /**
   * The events at these places (a stream and a revision in it), in the order asked; a place with
   * no event (a deleted stream, a revision never written) is left out. A read model that keeps
   * only where each event is (the organisations' timeline) reads the events themselves here, so a
   * rebuild does not copy the log. Adapters that can read them in one round trip override this:
   * by default each stream is read once from the lowest revision asked (the streams read side by
   * side).
   */
  async readEventsAt(places: ReadonlyArray<EventPlace>): Promise<RecordedEvent[]> {
    const lowest = new Map<string, number>();
    for (const { streamId, revision } of places) lowest.set(streamId, Math.min(revision, lowest.get(streamId) ?? revision));
    const found = new Map<string, RecordedEvent>();
    const streams = await Promise.all([...lowest].map(([streamId, from]) => this.readStream(streamId, from)));
    for (const event of streams.flat()) found.set(placeKey(event.streamId, event.streamRevision), event);
    return places.flatMap(({ streamId, revision }) => found.get(placeKey(streamId, revision)) ?? []);
  }

  /**
   * `readStreams` for callers that only fold: each event cut down to FoldableEvent. Every fold of
   * many streams reads this way (the ladder worker's batches, commands over many streams, the
   * ladder scheduler, organisation refs): for the ladder worker, parsing the metadata, times and
   * positions it never looked at was a third of its own CPU per step (bench:escalation).
   * Adapters that can read less override this.
   */
  readStreamsForFolding(streamIds: string[]): Promise<Map<string, FoldableEvent[]>> {
    return this.readStreams(streamIds);
  }

  /**
   * Several appends, each with its own expectation; one outcome per request, in request order:
   * the AppendResult, or the error its `append` would have thrown (WrongExpectedVersion,
   * StreamDeleted, ...). Requests succeed or fail independently, as with separate appends.
   * Adapters that can write them in one round trip override this loop.
   */
  async appendMany(requests: AppendRequest[]): Promise<Array<AppendResult | WrongExpectedVersion | Error>> {
    const outcomes: Array<AppendResult | Error> = [];
    for (const { streamId, events, expected } of requests) {
      try {
        outcomes.push(await this.append(streamId, events, expected));
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return outcomes;
  }

  /**
   * Several appends that all happen or none does (an import registers a whole tree): on any
   * refusal nothing is appended and the refusal is thrown (WrongExpectedVersion for the first
   * request whose expectation fails, StreamDeleted). One request per stream, none empty.
   */
  abstract appendAtomically(requests: AppendRequest[]): Promise<AppendResult[]>;

  /** Current revision of a stream, -1 when it does not exist. */
  abstract streamRevision(streamId: string): Promise<number>;

  /** A page of the global order, never skipping an event that commits later at an earlier position. */
  abstract readAll(options?: ReadAllOptions): Promise<ReadAllPage>;

  /** The position of the newest event that is safely visible, undefined when the store is empty. */
  abstract headPosition(): Promise<Position | undefined>;

  /**
   * The position of the newest committed event, even while older transactions still hold it
   * back from readers. "Everything committed so far has been applied" means a checkpoint at or
   * past this. Stores without hidden commits return the head.
   */
  latestCommittedPosition(): Promise<Position | undefined> {
    return this.headPosition();
  }

  /** Catch up from `after`, then follow live appends until stopped. */
  abstract subscribe(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;

  /** Soft delete: reads return nothing, appends to it fail; the events stay in the log. */
  abstract deleteStream(streamId: string): Promise<void>;

  abstract close(): Promise<void>;
}

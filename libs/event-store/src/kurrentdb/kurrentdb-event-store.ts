import {
  BACKWARDS, END, FORWARDS, KurrentDBClient, START, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError,
  type AllStreamResolvedEvent, type AllStreamSubscription, type Filter, type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { comparePositions, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import {
  EventStore, StreamDeleted, WrongExpectedVersion, assertAtomicBatch, expectationHolds,
  type AppendRequest, type AppendResult, type ExpectedRevision, type ReadAllOptions, type ReadAllPage, type SubscribeOptions,
  type Subscription, type SubscriptionHandler,
} from '../event-store.port.js';
import { pollingSubscription, WakeUp } from '../polling-subscription.js';
import { EventUpcasters } from '../upcasters.js';
import { baseFilter, fromCurrentState, fromKurrentEvent, keeps, planFilter, toEventData, toMultiAppendEventData, toStreamState } from './kurrentdb-mapping.js';

export interface KurrentDbEventStoreOptions {
  upcasters?: EventUpcasters;
  /**
   * Streams of this store are stored as `<streamPrefix><streamId>` and only those are read.
   * Empty in production; the contract suite gives every test its own prefix on one server.
   */
  streamPrefix?: string;
  /** How often an idle subscription re-reads when no wake-up arrived. */
  pollIntervalMs?: number;
  /** How far back a refused append looks for its own event ids (a retried effect). */
  repeatScanLimit?: number;
}

/**
 * The event store on KurrentDB / EventStoreDB (DESIGN §3, adapter 3), through the official
 * gRPC client. Positions are KurrentDB's own commit/prepare positions.
 *
 * Subscriptions reuse `pollingSubscription` over `readAll` instead of handing the client's
 * `subscribeToAll` stream to the handler: catch-up and live then go through one code path
 * (the one the contract suite checks), pages are batches for free, the handler is awaited
 * before the next read, and a filtered subscription's checkpoint advances past skipped events
 * exactly as `readAll` does. A server-side `subscribeToAll` from the end is still used, but only
 * as the wake-up signal for appends made by other processes (like LISTEN/NOTIFY for PostgreSQL):
 * a lost signal costs one polling interval, never an event.
 */
export class KurrentDbEventStore extends EventStore {
  readonly name = 'kurrentdb';
  private readonly wake = new WakeUp();
  private readonly upcasters: EventUpcasters;
  private readonly prefix: string;
  private notifier: AllStreamSubscription | undefined;
  private notifierRetry: NodeJS.Timeout | undefined;
  private subscriptions = 0;
  private closed = false;

  constructor(readonly client: KurrentDBClient, private readonly options: KurrentDbEventStoreOptions = {}) {
    super();
    this.upcasters = options.upcasters ?? new EventUpcasters();
    this.prefix = options.streamPrefix ?? '';
  }

  /** `kurrentdb://host:2113?tls=false` (or `esdb://...`); the client connects lazily. */
  static connect(url: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(url), options);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const stream = this.prefix + streamId;
    if (events.length === 0) {
      return { nextRevision: await this.streamRevision(streamId), position: { commit: -1n, prepare: -1n } };
    }
    /*
     * KurrentDB is idempotent on event ids for an exact expected revision (and no_stream): a
     * repeat answers success with the same revision, indistinguishable from a fresh write (its
     * position is real too). So we look first where the events would already be, at the
     * revisions after the expected one; normally nothing is there and the read is cheap.
     * With `any`/`stream_exists` the server only deduplicates on a best-effort basis and we do
     * not scan the stream before every append: such a repeat is reported as a plain success.
     */
    if (expected === 'no_stream' || typeof expected === 'number') {
      const from = expected === 'no_stream' ? 0 : expected + 1;
      const there = await this.readRaw(stream, from, events.length);
      const repeated = this.repeatOf(there, events);
      if (repeated) return { ...repeated, nextRevision: await this.streamRevision(streamId) };
    }
    let nextExpectedRevision: bigint;
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), { streamState: toStreamState(expected) });
      if (!result.success) {
        // Only with throwOnAppendFailure=false in the connection string: the same refusal, not thrown.
        throw new WrongExpectedVersion(streamId, expected, Number(result.nextExpectedRevision));
      }
      nextExpectedRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // A retried effect whose events are all stored already (under another expected revision) is a success.
        const repeated = await this.findRepeat(stream, events);
        if (repeated) return repeated;
        throw new WrongExpectedVersion(streamId, expected, fromCurrentState(error.actualState));
      }
      if (error instanceof StreamDeletedError) throw new StreamDeleted(streamId);
      throw error;
    }
    this.wake.notify();
    // The append answers with the position of the write, which for several events is not
    // documented to be the last event's; reading that event back gives its exact position.
    const [last] = await this.readRaw(stream, Number(nextExpectedRevision), 1);
    const result = { nextRevision: Number(nextExpectedRevision), position: last?.position ?? { commit: -1n, prepare: -1n } };
    this.noteAppended([result]);
    return result;
  }

  /**
   * KurrentDB 25.1's multi-stream append: atomic on the server. Its records take string-valued
   * metadata only, so the envelope's metadata travels JSON-encoded (see toMultiAppendEventData).
   */
  async appendAtomically(requests: AppendRequest[]): Promise<AppendResult[]> {
    assertAtomicBatch(requests);
    if (requests.length === 0) return [];
    try {
      await this.client.multiStreamAppend(
        requests.map((r) => ({ streamName: this.prefix + r.streamId, events: r.events.map(toMultiAppendEventData), expectedState: toStreamState(r.expected) })),
      );
    } catch (error) {
      // The refusal as the single-stream path reports it, from the streams as they are now.
      for (const { streamId, expected } of requests) {
        const actual = await this.streamRevision(streamId).catch(() => undefined);
        if (error instanceof StreamDeletedError && actual === -1) throw new StreamDeleted(streamId);
        if (actual !== undefined && !expectationHolds(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      }
      throw error;
    }
    this.wake.notify();
    const results = await Promise.all(
      requests.map(async ({ streamId, events }) => {
        const nextRevision = await this.streamRevision(streamId);
        const [last] = await this.readRaw(this.prefix + streamId, nextRevision, 1);
        if (last?.eventId !== events.at(-1)!.eventId) throw new Error(`appendAtomically: ${streamId} moved on before it was read back`);
        return { nextRevision, position: last.position };
      }),
    );
    this.noteAppended(results);
    return results;
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    const events = await this.readRaw(this.prefix + streamId, fromRevision);
    return events.map((e) => this.upcasters.upcast(e));
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.collectStream(this.client.readStream(this.prefix + streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    return last ? last.streamRevision : -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const maxCount = options.maxCount ?? 1000;
    const after = options.after && options.after.commit >= 0n ? options.after : undefined;
    // Taken before the page: everything up to it is in the log already, so a page that is
    // not full has seen it all and may move its checkpoint there, past filtered-out events.
    const head = await this.headPosition();
    const filter = planFilter(options, this.prefix);
    // One more than asked tells whether more follow; one more again because it is not
    // documented whether a read from a position includes the event at that position.
    const raw = await this.collectAll(
      this.client.readAll({ direction: FORWARDS, fromPosition: after ?? START, maxCount: maxCount + (after ? 2 : 1), filter }),
    );
    const candidates = raw.filter((r) => !after || comparePositions(r.event!.position, after) > 0);
    const hasMore = candidates.length > maxCount;
    const window = candidates.slice(0, maxCount);
    let lastPosition: Position | undefined = window.at(-1)?.event!.position;
    if (!hasMore && head && (!after || comparePositions(head, after) > 0) && (!lastPosition || comparePositions(head, lastPosition) > 0)) {
      lastPosition = head;
    }
    const events = window
      .filter((r) => keeps(r.event!.streamId, r.event!.type, this.prefix, options))
      .map((r) => this.upcasters.upcast(fromKurrentEvent(r.event!, this.prefix)));
    return { events, lastPosition, hasMore };
  }

  async headPosition(): Promise<Position | undefined> {
    const [last] = await this.collectAll(
      this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: baseFilter(this.prefix) }),
    );
    return last ? { commit: last.event!.position.commit, prepare: last.event!.position.prepare } : undefined;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    this.subscriptions++;
    this.startNotifier();
    const subscription = pollingSubscription(
      (o) => this.readAll(o),
      this.wake,
      handler,
      { pollIntervalMs: this.options.pollIntervalMs ?? 1000, ...options },
    );
    let stopped = false;
    return {
      stop: async () => {
        await subscription.stop();
        if (stopped) return;
        stopped = true;
        if (--this.subscriptions === 0) await this.stopNotifier();
      },
    };
  }

  /**
   * KurrentDB's soft delete: reads return nothing and the events stay in the log (until a
   * scavenge). Unlike the other adapters, KurrentDB lets a later append recreate the stream
   * (its revisions continue after the deleted ones); `tombstoneStream` would refuse appends
   * but can never be undone, so the port's soft delete maps to the soft one.
   */
  async deleteStream(streamId: string): Promise<void> {
    try {
      await this.client.deleteStream(this.prefix + streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.notify();
    await this.stopNotifier();
    await this.client.dispose();
  }

  /** Events of a raw (prefixed) stream, [] when it is absent or deleted. */
  private async readRaw(stream: string, fromRevision: number, maxCount?: number): Promise<RecordedEvent[]> {
    return this.collectStream(this.client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: fromRevision <= 0 ? START : BigInt(fromRevision),
      ...(maxCount === undefined ? {} : { maxCount }),
    }));
  }

  private async collectStream(read: AsyncIterable<ResolvedEvent>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event) events.push(fromKurrentEvent(resolved.event, this.prefix, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    }
    return events;
  }

  private async collectAll(read: AsyncIterable<AllStreamResolvedEvent>): Promise<AllStreamResolvedEvent[]> {
    const events: AllStreamResolvedEvent[] = [];
    for await (const resolved of read) {
      // Without link resolution every entry of $all is a record of its own; a missing one is a server quirk.
      if (resolved.event?.position) events.push(resolved);
    }
    return events;
  }

  /** The stored copies of `events` when every one of them is among `stored`, in order. */
  private repeatOf(stored: RecordedEvent[], events: NewEvent[]): Omit<AppendResult, 'nextRevision'> | undefined {
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    const found = events.map((e) => byId.get(e.eventId));
    if (found.some((e) => e === undefined)) return undefined;
    const last = found.reduce((a, b) => (b!.streamRevision > a!.streamRevision ? b : a))!;
    return { position: last.position, alreadyStored: true };
  }

  /** After a refusal: are the events stored already, among the stream's newest ones? */
  private async findRepeat(stream: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const limit = Math.max(this.options.repeatScanLimit ?? 500, events.length);
    const newest = await this.collectStream(this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: limit }));
    const repeated = this.repeatOf(newest, events);
    return repeated && { ...repeated, nextRevision: newest[0]!.streamRevision };
  }

  /** A live subscription from the end whose only job is to wake the polling readers. */
  private startNotifier(): void {
    if (this.notifier || this.closed) return;
    const filter: Filter = baseFilter(this.prefix);
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter });
    subscription.on('data', () => this.wake.notify());
    subscription.on('error', () => {
      // Polling keeps the readers going meanwhile; re-subscribe after a pause.
      if (this.notifier === subscription) this.notifier = undefined;
      subscription.unsubscribe().catch(() => undefined);
      if (this.closed || this.subscriptions === 0) return;
      this.notifierRetry = setTimeout(() => this.startNotifier(), 1000);
      this.notifierRetry.unref();
    });
    this.notifier = subscription;
  }

  private async stopNotifier(): Promise<void> {
    clearTimeout(this.notifierRetry);
    const notifier = this.notifier;
    this.notifier = undefined;
    await notifier?.unsubscribe().catch(() => undefined);
  }
}

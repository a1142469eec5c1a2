import { comparePositions, newId, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import { EventStore, WrongExpectedVersion, type AppendResult, type FoldableEvent } from '../event-store.port.js';
// The one wait on a condition of the tests (test/support), shared with the adapters' own specs.
import { waitFor } from '../../../../test/support/wait.js';

/**
 * The one contract every adapter passes (DESIGN §3). Each adapter's spec calls this with a
 * factory for a fresh, empty store.
 */
export interface ContractTarget {
  store: EventStore;
  dispose(): Promise<void>;
}

export function event(type: string, data: Record<string, unknown> = {}, eventId = newId()): NewEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data,
    occurredAt: new Date('2026-11-02T08:00:00.000Z'),
    metadata: { actorId: 'u-1', actorOrgId: 'county', actorRoles: ['supervisor'], correlationId: 'c-1', causationId: null, idempotencyKey: 'k-1' },
  };
}

export async function collect(store: EventStore, options: { after?: Position; maxCount?: number } = {}): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after = options.after;
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.maxCount ?? 100 });
    all.push(...page.events);
    if (page.lastPosition) after = page.lastPosition;
    if (!page.hasMore) return all;
  }
}

export { waitFor };

/**
 * Waits until `position` is visible to global readers. A gap-safe store holds back events
 * while any older transaction on the server is still open (another test's, on a shared
 * server), so reads right after an append wait for that instead of asserting too early.
 */
export async function untilVisible(store: EventStore, position: Position, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const head = await store.headPosition();
      return head !== undefined && comparePositions(head, position) >= 0;
    },
    timeoutMs,
    `position ${position.commit}/${position.prepare} to be visible`,
    10,
  );
}

export function eventStoreContract(name: string, create: () => Promise<ContractTarget>): void {
  describe(`event store contract: ${name}`, () => {
    let target: ContractTarget;
    let store: EventStore;
    const stream = () => `notice-${newId()}`;

    beforeEach(async () => {
      target = await create();
      store = target.store;
    });
    afterEach(async () => {
      await target.dispose();
    });

    it('appends to a new stream and reads it back with the whole envelope', async () => {
      const id = stream();
      const result = await store.append(id, [event('NoticeIssued', { title: '整改' }), event('NoticeAcknowledged')], 'no_stream');
      expect(result.nextRevision).toBe(1);
      const events = await store.readStream(id);
      expect(events.map((e) => [e.type, e.streamRevision])).toEqual([['NoticeIssued', 0], ['NoticeAcknowledged', 1]]);
      const first = events[0]!;
      expect(first.streamId).toBe(id);
      expect(first.data).toEqual({ title: '整改' });
      expect(first.schemaVersion).toBe(1);
      expect(first.occurredAt.toISOString()).toBe('2026-11-02T08:00:00.000Z');
      expect(first.recordedAt).toBeInstanceOf(Date);
      expect(first.metadata).toMatchObject({ actorId: 'u-1', actorOrgId: 'county', actorRoles: ['supervisor'], correlationId: 'c-1', idempotencyKey: 'k-1' });
      expect(typeof first.globalPosition).toBe('bigint');
      expect(comparePositions(result.position, events[1]!.position)).toBe(0);
      expect(await store.streamRevision(id)).toBe(1);
      expect(await store.streamRevision(stream())).toBe(-1);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads a stream from a revision', async () => {
      const id = stream();
      await store.append(id, [event('A'), event('B'), event('C')], 'no_stream');
      expect((await store.readStream(id, 1)).map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('refuses a wrong expected revision with a typed error carrying expected and actual', async () => {
      const id = stream();
      await store.append(id, [event('A')], 'no_stream');
      await expect(store.append(id, [event('B')], 'no_stream')).rejects.toMatchObject({ name: 'WrongExpectedVersion', expected: 'no_stream', actual: 0 });
      await expect(store.append(id, [event('B')], 5)).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(store.append(id, [event('B')], 5)).rejects.toMatchObject({ expected: 5, actual: 0, streamId: id });
      await expect(store.append(stream(), [event('B')], 0)).rejects.toMatchObject({ expected: 0, actual: -1 });
      await expect(store.append(stream(), [event('B')], 'stream_exists')).rejects.toMatchObject({ actual: -1 });
      expect((await store.append(id, [event('B')], 0)).nextRevision).toBe(1);
      expect((await store.append(id, [event('C')], 'any')).nextRevision).toBe(2);
      expect((await store.append(id, [event('D')], 'stream_exists')).nextRevision).toBe(3);
      expect((await store.append(stream(), [event('A')], 'any')).nextRevision).toBe(0);
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    });

    it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
      const id = stream();
      await store.append(id, [event('Issued')], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.append(id, [event('ItemVerified', { attempt: i })], 0)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused).toHaveLength(9);
      for (const r of refused) expect(r.reason).toBeInstanceOf(WrongExpectedVersion);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('lets exactly one of concurrent creations of a stream win', async () => {
      const id = stream();
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(id, [event('Created')], 'no_stream')));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('lets every one of concurrent appends expecting any revision through, numbered without gaps', async () => {
      const id = stream();
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(id, [event('ProgressNoteAdded', { i })], 'any')));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const events = await store.readStream(id);
      expect(events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('treats a repeated append of the same event ids as already stored, appending nothing', async () => {
      const id = stream();
      await store.append(id, [event('Issued')], 'no_stream');
      const repeated = [event('ReminderSent', { step: 1 })];
      const first = await store.append(id, repeated, 0);
      const second = await store.append(id, repeated, 0);
      expect(second.alreadyStored).toBe(true);
      expect(second.nextRevision).toBe(first.nextRevision);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('orders events within a stream and globally, and pages through all of them', async () => {
      const a = stream();
      const b = stream();
      let last: Position | undefined;
      for (let i = 0; i < 5; i++) {
        await store.append(a, [event('A', { i })], i - 1 === -1 ? 'no_stream' : i - 1);
        last = (await store.append(b, [event('B', { i })], i - 1 === -1 ? 'no_stream' : i - 1)).position;
      }
      await untilVisible(store, last!);
      const all = await collect(store, { maxCount: 3 });
      expect(all.map((e) => `${e.type}${(e.data as { i: number }).i}`)).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4', 'B4']);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);
      const firstPage = await store.readAll({ maxCount: 4 });
      expect(firstPage.events).toHaveLength(4);
      expect(firstPage.hasMore).toBe(true);
      const rest = await collect(store, { after: firstPage.lastPosition });
      expect(rest).toHaveLength(6);
      expect(comparePositions((await store.headPosition())!, all.at(-1)!.position)).toBe(0);
    });

    it('filters the global read by stream category and by event-type prefix', async () => {
      await store.append(`org-${newId()}`, [event('OrganizationRegistered')], 'no_stream');
      await store.append(`notice-${newId()}`, [event('NoticeIssued'), event('ItemRectified')], 'no_stream');
      await store.append(`report-${newId()}`, [event('ReportSubmitted')], 'no_stream');
      await untilVisible(store, (await store.append(`notice-${newId()}`, [event('NoticeIssued')], 'no_stream')).position);
      const notices = await store.readAll({ categories: ['notice'] });
      expect(notices.events.map((e) => e.type)).toEqual(['NoticeIssued', 'ItemRectified', 'NoticeIssued']);
      const byType = await store.readAll({ typePrefixes: ['Report', 'Organization'] });
      expect(byType.events.map((e) => e.type)).toEqual(['OrganizationRegistered', 'ReportSubmitted']);
      // A filtered read that has seen everything moves its position past the skipped events.
      const page = await store.readAll({ categories: ['org'] });
      expect(page.hasMore).toBe(false);
      expect(comparePositions(page.lastPosition!, (await store.headPosition())!)).toBe(0);
      expect((await store.readAll({ categories: ['org'], after: page.lastPosition })).events).toEqual([]);
    });

    it('delivers existing events then live ones to a subscription, in order', async () => {
      const id = stream();
      await store.append(id, [event('A'), event('B')], 'no_stream');
      const seen: string[] = [];
      const subscription = store.subscribe(async (events) => {
        seen.push(...events.map((e) => e.type));
      }, { batchSize: 1 });
      await waitFor(() => seen.length === 2, 5000, 'catch-up');
      await store.append(id, [event('C')], 1);
      await store.append(stream(), [event('D')], 'no_stream');
      await waitFor(() => seen.length === 4, 5000, 'live events');
      await subscription.stop();
      expect(seen).toEqual(['A', 'B', 'C', 'D']);
    });

    it('resumes a subscription from a checkpoint without repeating or missing events', async () => {
      const id = stream();
      await untilVisible(store, (await store.append(id, [event('A'), event('B'), event('C')], 'no_stream')).position);
      const page = await store.readAll({ maxCount: 2 });
      const seen: string[] = [];
      const subscription = store.subscribe(async (events) => {
        seen.push(...events.map((e) => e.type));
      }, { after: page.lastPosition });
      await store.append(id, [event('D')], 2);
      await waitFor(() => seen.length === 2, 5000, 'resumed events');
      await subscription.stop();
      expect(seen).toEqual(['C', 'D']);
    });

    it('reads several streams at once, oldest first, with empty arrays for absent and deleted streams', async () => {
      const [a, b, absent, deleted] = [stream(), stream(), stream(), stream()];
      await store.append(a, [event('A0'), event('A1')], 'no_stream');
      await store.append(b, [event('B0')], 'no_stream');
      await store.append(a, [event('A2')], 1);
      await store.append(deleted, [event('D0')], 'no_stream');
      await store.deleteStream(deleted);
      const streams = await store.readStreams([b, absent, a, deleted]);
      expect([...streams.keys()].sort()).toEqual([a, b, absent, deleted].sort());
      expect(streams.get(a)!.map((e) => [e.type, e.streamRevision, e.streamId])).toEqual([['A0', 0, a], ['A1', 1, a], ['A2', 2, a]]);
      expect(streams.get(b)!.map((e) => e.type)).toEqual(['B0']);
      expect(streams.get(absent)).toEqual([]);
      expect(streams.get(deleted)).toEqual([]);
      expect(streams.get(a)).toEqual(await store.readStream(a));
      expect((await store.readStreams([])).size).toBe(0);
    });

    it('reads events by their place (stream and revision) in the order asked, leaving out places with no event', async () => {
      const [a, b, absent, deleted] = [stream(), stream(), stream(), stream()];
      await store.append(a, [event('A0', { n: 0 }), event('A1'), event('A2')], 'no_stream');
      await store.append(b, [event('B0')], 'no_stream');
      await store.append(deleted, [event('D0')], 'no_stream');
      await store.deleteStream(deleted);
      const found = await store.readEventsAt([
        { streamId: a, revision: 2 },
        { streamId: b, revision: 0 },
        { streamId: absent, revision: 0 },
        { streamId: a, revision: 0 },
        { streamId: deleted, revision: 0 },
        { streamId: a, revision: 7 },
      ]);
      expect(found.map((e) => [e.streamId, e.streamRevision, e.type])).toEqual([[a, 2, 'A2'], [b, 0, 'B0'], [a, 0, 'A0']]);
      const [a2, , a0] = found;
      const whole = await store.readStream(a);
      expect(a0).toEqual(whole[0]);
      expect(a2).toEqual(whole[2]);
      expect(await store.readEventsAt([])).toEqual([]);
    });

    it('reads several streams for folding: type, data, version and revision of each event, as readStreams has them', async () => {
      const [a, absent, deleted] = [stream(), stream(), stream()];
      await store.append(a, [event('A0', { n: 0 }), event('A1', { n: 1, nested: { ok: true } })], 'no_stream');
      await store.append(deleted, [event('D0')], 'no_stream');
      await store.deleteStream(deleted);
      const folding = await store.readStreamsForFolding([a, absent, deleted]);
      const full = await store.readStreams([a, absent, deleted]);
      expect([...folding.keys()].sort()).toEqual([a, absent, deleted].sort());
      const lean = (events: FoldableEvent[]) => events.map(({ type, data, schemaVersion, streamRevision }) => ({ type, data, schemaVersion, streamRevision }));
      expect(lean(folding.get(a)!)).toEqual(lean(full.get(a)!));
      expect(lean(folding.get(a)!)).toEqual([
        { type: 'A0', data: { n: 0 }, schemaVersion: 1, streamRevision: 0 },
        { type: 'A1', data: { n: 1, nested: { ok: true } }, schemaVersion: 1, streamRevision: 1 },
      ]);
      expect(folding.get(absent)).toEqual([]);
      expect(folding.get(deleted)).toEqual([]);
      expect((await store.readStreamsForFolding([])).size).toBe(0);
    });

    it('appends many requests, each with its own expectation, answering in request order', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      await store.append(a, [event('A0')], 'no_stream');
      await store.append(b, [event('B0'), event('B1')], 'no_stream');
      const outcomes = await store.appendMany([
        { streamId: c, events: [event('C0'), event('C1')], expected: 'no_stream' },
        { streamId: a, events: [event('A1')], expected: 0 },
        { streamId: b, events: [event('B2')], expected: 'stream_exists' },
      ]);
      expect(outcomes.map((o) => (o instanceof Error ? o.name : o.nextRevision))).toEqual([1, 1, 2]);
      const last = outcomes[2] as AppendResult;
      expect(last.alreadyStored).toBeFalsy();
      expect(comparePositions(last.position, (await store.readStream(b)).at(-1)!.position)).toBe(0);
      expect((await store.readStream(c)).map((e) => [e.type, e.streamRevision])).toEqual([['C0', 0], ['C1', 1]]);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'A1']);
    });

    it('refuses only the conflicting request of many; the others are appended in full', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      await store.append(a, [event('A0')], 'no_stream');
      await store.append(b, [event('B0'), event('B1')], 'no_stream');
      const outcomes = await store.appendMany([
        { streamId: a, events: [event('A1'), event('A2')], expected: 0 },
        { streamId: b, events: [event('B2')], expected: 0 },
        { streamId: c, events: [event('C0')], expected: 'no_stream' },
      ]);
      expect((outcomes[0] as AppendResult).nextRevision).toBe(2);
      expect(outcomes[1]).toBeInstanceOf(WrongExpectedVersion);
      expect(outcomes[1]).toMatchObject({ streamId: b, expected: 0, actual: 1 });
      expect((outcomes[2] as AppendResult).nextRevision).toBe(0);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'A1', 'A2']);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1']);
      expect((await store.readStream(c)).map((e) => e.type)).toEqual(['C0']);
    });

    it('treats a repeated request of many with the same event ids as already stored', async () => {
      const [a, b] = [stream(), stream()];
      await store.append(a, [event('A0')], 'no_stream');
      const repeated = { streamId: a, events: [event('ReminderSent', { step: 1 })], expected: 0 };
      const first = await store.appendMany([repeated, { streamId: b, events: [event('B0')], expected: 'no_stream' }]);
      expect(first.every((o) => !(o instanceof Error))).toBe(true);
      const second = await store.appendMany([repeated, { streamId: b, events: [event('B1')], expected: 0 }]);
      expect(second[0]).toMatchObject({ alreadyStored: true, nextRevision: 1 });
      expect((second[1] as AppendResult).nextRevision).toBe(1);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'ReminderSent']);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1']);
    });

    it('appends atomically to several streams: all of them, in request order', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      await store.append(a, [event('A0')], 'no_stream');
      const results = await store.appendAtomically([
        { streamId: b, events: [event('B0'), event('B1')], expected: 'no_stream' },
        { streamId: a, events: [event('A1')], expected: 0 },
        { streamId: c, events: [event('C0')], expected: 'any' },
      ]);
      expect(results.map((r) => r.nextRevision)).toEqual([1, 1, 0]);
      expect(comparePositions(results[1]!.position, (await store.readStream(a)).at(-1)!.position)).toBe(0);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1']);
    });

    it('appends atomically or not at all: one failed expectation and no stream gets anything', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      const b0 = await store.append(b, [event('B0')], 'no_stream');
      const refused = store.appendAtomically([
        { streamId: a, events: [event('A0')], expected: 'no_stream' },
        { streamId: b, events: [event('B1')], expected: 'no_stream' },
        { streamId: c, events: [event('C0')], expected: 'no_stream' },
      ]);
      await expect(refused).rejects.toBeInstanceOf(WrongExpectedVersion);
      await expect(refused).rejects.toMatchObject({ streamId: b, expected: 'no_stream', actual: 0 });
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(c)).toEqual([]);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0']);
      // Nothing was committed after B0, not even out of sight of the gap-safe readers.
      expect(comparePositions((await store.latestCommittedPosition())!, b0.position)).toBe(0);
      await expect(store.appendAtomically([{ streamId: a, events: [event('A0')], expected: 'any' }, { streamId: a, events: [event('A1')], expected: 'any' }])).rejects.toThrow(/one request per stream/);
    });

    it('soft-deletes a stream: reads return nothing, the log keeps the events', async () => {
      const id = stream();
      await store.append(id, [event('A')], 'no_stream');
      await store.deleteStream(id);
      expect(await store.readStream(id)).toEqual([]);
      expect(await store.streamRevision(id)).toBe(-1);
    });
  });
}

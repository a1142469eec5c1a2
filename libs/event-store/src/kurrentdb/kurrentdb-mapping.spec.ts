import { ANY, NO_STREAM, STREAM_EXISTS, EVENT_TYPE, STREAM_NAME, type JSONRecordedEvent } from '@kurrent/kurrentdb-client';
import { event } from '../testing/event-store.contract.js';
import { baseFilter, fromCurrentState, fromKurrentEvent, keeps, planFilter, toEventData, toMultiAppendEventData, toStreamState } from './kurrentdb-mapping.js';

/** What the server gives back for a stored EventData (JSON round trip, as over the wire). */
function storedAs(streamId: string, revision: bigint, data: ReturnType<typeof toEventData>): JSONRecordedEvent {
  return {
    streamId,
    id: data.id,
    isJson: true,
    revision,
    type: data.type,
    created: new Date('2026-11-02T08:00:01.000Z'),
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: 700n, prepare: 650n },
  } as JSONRecordedEvent;
}

describe('kurrentdb mapping', () => {
  it('maps our expected revisions to the client stream states', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState(-1)).toBe(NO_STREAM);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(4)).toBe(4n);
    expect(fromCurrentState(NO_STREAM)).toBe(-1);
    expect(fromCurrentState(7n)).toBe(7);
  });

  it('stores the envelope in data and metadata and reads back the same envelope', () => {
    const original = { ...event('NoticeIssued', { title: '整改', items: [1, 2] }), schemaVersion: 2 };
    const data = toEventData(original);
    expect(data.contentType).toBe('application/json');
    expect(data.metadata).toMatchObject({ $schemaVersion: 2, $occurredAt: '2026-11-02T08:00:00.000Z', actorId: 'u-1' });

    const read = fromKurrentEvent(storedAs('t1_notice-42', 3n, data), 't1_');
    expect(read).toEqual({
      eventId: original.eventId,
      type: 'NoticeIssued',
      schemaVersion: 2,
      streamId: 'notice-42',
      streamRevision: 3,
      globalPosition: 650n,
      position: { commit: 700n, prepare: 650n },
      occurredAt: new Date('2026-11-02T08:00:00.000Z'),
      recordedAt: new Date('2026-11-02T08:00:01.000Z'),
      data: { title: '整改', items: [1, 2] },
      metadata: original.metadata,
    });
  });

  it('sends the multi-stream append string-valued metadata only, and reads back the same envelope', () => {
    const original = { ...event('OrganizationRegistered', { name: '刘集镇党委' }), schemaVersion: 3 };
    const data = toMultiAppendEventData(original);
    expect(Object.values(data.metadata as Record<string, unknown>).every((v) => typeof v === 'string')).toBe(true);
    const read = fromKurrentEvent(storedAs('org-twp', 0n, data), '');
    expect(read).toMatchObject({ schemaVersion: 3, occurredAt: original.occurredAt, metadata: original.metadata, data: { name: '刘集镇党委' } });
  });

  it('reads events written by other tools with schema version 1 and the store time as business time', () => {
    const foreign = { ...storedAs('notice-1', 0n, toEventData(event('X'))), metadata: undefined } as unknown as JSONRecordedEvent;
    const read = fromKurrentEvent(foreign, '');
    expect(read.schemaVersion).toBe(1);
    expect(read.occurredAt).toEqual(read.recordedAt);
  });

  it('sends categories to the server as stream-name prefixes and type prefixes as event-type prefixes', () => {
    expect(planFilter({ categories: ['notice', 'org'] }, '')).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['notice-', 'org-'] });
    expect(planFilter({ categories: ['notice'], typePrefixes: ['Item'] }, 't1_')).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['t1_notice-'] });
    expect(planFilter({ typePrefixes: ['Report'] }, '')).toMatchObject({ filterOn: EVENT_TYPE, prefixes: ['Report'] });
    // With a stream prefix the server filter must keep other stores out; the type is checked here.
    expect(planFilter({ typePrefixes: ['Report'] }, 't1_')).toEqual(baseFilter('t1_'));
    expect(planFilter({}, '')).toMatchObject({ filterOn: STREAM_NAME, regex: '^[^$]' });
  });

  it('keeps only our own events that match the filter, whatever the server returned', () => {
    expect(keeps('notice-1', 'ItemRectified', '', { categories: ['notice'], typePrefixes: ['Item'] })).toBe(true);
    expect(keeps('notice-1', 'NoticeIssued', '', { categories: ['notice'], typePrefixes: ['Item'] })).toBe(false);
    expect(keeps('$$notice-1', '$metadata', '', {})).toBe(false);
    expect(keeps('$ce-notice', 'NoticeIssued', '', {})).toBe(false);
    expect(keeps('t2_notice-1', 'NoticeIssued', 't1_', {})).toBe(false);
    expect(keeps('t1_notice-1', 'NoticeIssued', 't1_', { categories: ['notice'] })).toBe(true);
  });
});

import {
  ANY, NO_STREAM, STREAM_EXISTS, jsonEvent, streamNameFilter, eventTypeFilter,
  type AppendStreamState, type CurrentStreamState, type EventData, type Filter, type JSONType,
  type RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { streamCategory, type EventMetadata, type NewEvent, type Position, type RecordedEvent } from '@app/kernel';
import type { ExpectedRevision, ReadAllOptions } from '../event-store.port.js';
import { matchesFilter } from '../filter.js';

/*
 * Pure translation between our envelope and KurrentDB's. Kept apart from the adapter so it
 * can be checked without a server (none can run on the development machines).
 */

/** Keys we add to the stored metadata; KurrentDB has no fields of its own for them. */
const SCHEMA_VERSION = '$schemaVersion';
const OCCURRED_AT = '$occurredAt';

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no_stream' || expected === -1) return NO_STREAM;
  if (expected === 'any') return ANY;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/** KurrentDB's "current state" of a stream as our revision: -1 for no stream. */
export function fromCurrentState(state: CurrentStreamState): number {
  return state === NO_STREAM ? -1 : Number(state);
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    // Our data is JSON-serialisable by contract; the client's type only names the JSON roots.
    data: event.data as JSONType,
    metadata: { ...event.metadata, [SCHEMA_VERSION]: event.schemaVersion, [OCCURRED_AT]: event.occurredAt.toISOString() },
  });
}

/**
 * The multi-stream append (KurrentDB 25.1) takes metadata with string values only: the whole
 * metadata, ours included, goes JSON-encoded under one key and is unpacked on read.
 */
const ENVELOPE = '$envelope';

export function toMultiAppendEventData(event: NewEvent): EventData {
  const metadata = { ...event.metadata, [SCHEMA_VERSION]: event.schemaVersion, [OCCURRED_AT]: event.occurredAt.toISOString() };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: { [ENVELOPE]: JSON.stringify(metadata) } });
}

function storedMetadata(raw: unknown): Record<string, unknown> {
  const metadata = (raw ?? {}) as Record<string, unknown>;
  return typeof metadata[ENVELOPE] === 'string' ? (JSON.parse(metadata[ENVELOPE]) as Record<string, unknown>) : metadata;
}

/**
 * Streams of a store live under `prefix` on the server (empty in production): it lets the
 * contract suite give each test a store of its own on one shared server.
 */
export function fromKurrentEvent(recorded: KurrentRecordedEvent, prefix: string, commitPosition?: bigint): RecordedEvent {
  const { [SCHEMA_VERSION]: schemaVersion, [OCCURRED_AT]: occurredAt, ...metadata } = storedMetadata(recorded.metadata);
  // Stream reads on servers before 22.6 carry no per-event position; the commit position is all there is then.
  const position: Position = recorded.position
    ? { commit: recorded.position.commit, prepare: recorded.position.prepare }
    : { commit: commitPosition ?? -1n, prepare: commitPosition ?? -1n };
  return {
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    streamId: recorded.streamId.slice(prefix.length),
    streamRevision: Number(recorded.revision),
    globalPosition: position.prepare,
    position,
    // Events written by other tools have no business time: the store time is the best there is.
    occurredAt: typeof occurredAt === 'string' ? new Date(occurredAt) : recorded.created,
    recordedAt: recorded.created,
    data: recorded.data,
    metadata: metadata as EventMetadata,
  };
}

/** System streams (`$...`) and events (`$...`) are KurrentDB's own, never ours. */
export function isOwnEvent(streamName: string, type: string, prefix: string): boolean {
  return !streamName.startsWith('$') && !type.startsWith('$') && streamName.startsWith(prefix);
}

/** Every event of the store, system events excluded: the filter for the head and for wake-ups. */
export function baseFilter(prefix: string): Filter {
  return prefix ? streamNameFilter({ prefixes: [prefix] }) : streamNameFilter({ regex: '^[^$]' });
}

/**
 * The server takes one filter, on the stream name or on the event type. Categories go to the
 * server as stream-name prefixes (`<category>-`); type prefixes go there only when nothing
 * else needs the stream-name filter. Whatever the server cannot do is done by `keeps`.
 */
export function planFilter(options: Pick<ReadAllOptions, 'categories' | 'typePrefixes'>, prefix: string): Filter {
  if (options.categories?.length) return streamNameFilter({ prefixes: options.categories.map((c) => `${prefix}${c}-`) });
  if (options.typePrefixes?.length && !prefix) return eventTypeFilter({ prefixes: options.typePrefixes });
  return baseFilter(prefix);
}

/** The client-side half of the filter: exact, whatever the server already did. */
export function keeps(streamName: string, type: string, prefix: string, options: Pick<ReadAllOptions, 'categories' | 'typePrefixes'>): boolean {
  return isOwnEvent(streamName, type, prefix) && matchesFilter(type, streamCategory(streamName.slice(prefix.length)), options);
}

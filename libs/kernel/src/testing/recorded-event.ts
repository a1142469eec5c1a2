import type { RecordedEvent } from '../envelope.js';

let lastPosition = 0n;

/**
 * An event as a store would hand it to a projection, for specs that apply events directly: each
 * call takes the next global position (shared by every spec of a test file's process); it occurred and
 * was recorded `at`.
 */
export function recordedEvent(
  streamId: string,
  streamRevision: number,
  type: string,
  data: Record<string, unknown>,
  at = new Date('2026-01-01T00:00:00.000Z'),
): RecordedEvent {
  lastPosition += 1n;
  const position = lastPosition;
  return {
    eventId: `e${position}`, type, schemaVersion: 1, streamId, streamRevision, globalPosition: position,
    position: { commit: position, prepare: position }, occurredAt: at, recordedAt: at, data, metadata: {},
  } as RecordedEvent;
}

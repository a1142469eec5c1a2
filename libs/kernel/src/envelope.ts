/** Who did it and why: stored with every event; the events are the audit log. */
export interface EventMetadata {
  actorId: string;
  actorOrgId: string | null;
  actorRoles: string[];
  correlationId: string;
  causationId: string | null;
  idempotencyKey?: string | null;
  [extension: string]: unknown;
}

/**
 * The metadata of a command a reactor runs because of the event `cause`, on behalf of `actor`:
 * in the cause's correlation (its own id when it had none), caused by it. One rule for every
 * reactor, so the audit trail of a consequence always leads back to the event behind it.
 */
export function metadataCausedBy(
  cause: { eventId: string; metadata: Pick<EventMetadata, 'correlationId'> },
  actor: Pick<EventMetadata, 'actorId' | 'actorOrgId' | 'actorRoles'>,
): EventMetadata {
  return { ...actor, correlationId: String(cause.metadata.correlationId ?? cause.eventId), causationId: cause.eventId };
}

/** An event on its way into the store. */
export interface NewEvent<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** Business time: the `now` of the command that caused it. */
  occurredAt: Date;
}

/**
 * A position in the global order. For PostgreSQL `commit` is the writing transaction's id
 * and `prepare` the event's sequence number; readers order by the pair. For KurrentDB it is
 * the log's own commit/prepare position; in memory both are the sequence number.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function positionToString(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

export function positionFromString(text: string): Position {
  const [commit, prepare] = text.split('/');
  if (commit === undefined || prepare === undefined) throw new Error(`Not a position: ${text}`);
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}

/** An event as stored, with its envelope. */
export interface RecordedEvent<Data = any> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  /** 0-based revision within the stream. */
  streamRevision: number;
  /** Monotonic id of the event in the store (the `prepare` part of its position). */
  globalPosition: bigint;
  position: Position;
  occurredAt: Date;
  recordedAt: Date;
  data: Data;
  metadata: EventMetadata;
}

/** `<category>-<id>`: the category is everything before the first dash. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}

/** One event of a subject's history as its view shows it (a notice, a conversation): oldest first. */
export interface SubjectTimelineEntry {
  type: string;
  at: string;
  actorId: string;
  revision: number;
  data: unknown;
}

export function subjectTimeline(history: RecordedEvent[]): SubjectTimelineEntry[] {
  return history.map((event) => ({
    type: event.type,
    at: event.occurredAt.toISOString(),
    actorId: event.metadata.actorId,
    revision: event.streamRevision,
    data: event.data,
  }));
}

/** A view's optional instant: ISO 8601, or null while it has not happened. */
export function isoOrNull(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}

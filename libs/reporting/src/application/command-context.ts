import { newId } from '@app/kernel';
import { metadataFor, type Actor } from '@app/platform';

/** Where a command came from, for its events' metadata (HTTP request or scheduled job). */
export interface ReportingCommandOrigin {
  correlationId?: string;
  causationId?: string | null;
  idempotencyKey?: string | null;
  /** If-Match: run only when the report's stream is at this revision. */
  expectedRevision?: number | null;
}

export function metadataOf(actor: Actor, origin: ReportingCommandOrigin = {}) {
  return metadataFor({
    actor,
    correlationId: origin.correlationId ?? newId(),
    causationId: origin.causationId ?? null,
    idempotencyKey: origin.idempotencyKey ?? null,
  });
}

/** The decider's actor: the system (the opening job) has no organisation. */
export function deciderActor(actor: Actor): { userId: string; orgId: string | null } {
  return { userId: actor.userId, orgId: actor.orgId || null };
}

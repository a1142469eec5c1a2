import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { invalid, newId, type EventMetadata } from '@app/kernel';
import type { Actor } from '../auth/actor.js';

/** What a command needs from its HTTP request besides the body. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  idempotencyKey: string | null;
  /** The revision the client expects (If-Match), or null. */
  expectedRevision: number | null;
}

export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return null;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) throw invalid('REQUEST.IF_MATCH_INVALID', 'If-Match must be a stream revision such as 3 or "3".');
  return Number(match[1]);
}

export function parseIdempotencyKey(header: string | undefined): string | null {
  if (header === undefined) return null;
  const key = header.trim();
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(key)) {
    throw invalid('REQUEST.IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 128 characters of letters, digits, and . _ : -');
  }
  return key;
}

export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<{ id: string; actor?: Actor; headers: Record<string, string | undefined> }>();
  if (!request.actor) throw new Error('CommandCtx used on a public route');
  const requestId = String(request.id ?? newId());
  const correlation = request.headers['x-correlation-id'];
  return {
    actor: request.actor,
    // A client ties several requests of one piece of work together with X-Correlation-Id; the
    // request itself (X-Request-Id, or a generated id) is the message that caused the events.
    correlationId: typeof correlation === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(correlation) ? correlation : requestId,
    causationId: requestId,
    idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key']),
    expectedRevision: parseIfMatch(request.headers['if-match']),
  };
});

export function metadataFor(context: Omit<CommandContext, 'expectedRevision'>): EventMetadata {
  return {
    actorId: context.actor.userId,
    actorOrgId: context.actor.orgId || null,
    actorRoles: [...context.actor.roles],
    correlationId: context.correlationId,
    causationId: context.causationId,
    idempotencyKey: context.idempotencyKey,
  };
}

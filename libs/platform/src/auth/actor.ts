import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

import type { Actor } from '@app/kernel';

export { ROLES, SYSTEM_ACTOR, type Actor, type Role } from '@app/kernel';

export const IS_PUBLIC = 'auth:public';
/** Marks a route that needs no token (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});

/**
 * Checks that a signed-in actor still stands as its token says (not disabled, same
 * organisation and roles). The access context provides it; the token guard asks it on every
 * request, so disabling a user or changing its roles takes effect without waiting for the
 * token to expire. Throws to refuse.
 */
export abstract class ActorVerifier {
  abstract verify(actor: Actor): Promise<void>;
}

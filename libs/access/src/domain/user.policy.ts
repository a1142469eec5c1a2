import { type Actor, assertCanAdminister } from './authorization.js';

/**
 * THE answer to "who may manage users" (create one, change its roles, disable it): the
 * administrator alone, 403 ACCESS.FORBIDDEN for anyone else. Pure, asked once per request by the
 * user command shell, before a password is hashed. The user decider then judges only the
 * transition (400, 404, 409, 422), including the rules about the actor's own account (an
 * administrator cannot disable itself or drop its own admin role).
 */
export function authorizeUserCommand(actor: Actor): void {
  assertCanAdminister(actor);
}

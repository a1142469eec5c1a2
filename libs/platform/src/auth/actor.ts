import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export const ROLES = ['admin', 'supervisor', 'clerk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, from the verified JWT. */
export interface Actor {
  userId: string;
  username: string;
  orgId: string;
  roles: Role[];
}

/** The automated jobs act as this actor; their events say so. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system', orgId: '', roles: [] };

export const IS_PUBLIC = 'auth:public';
/** Marks a route that needs no token (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});

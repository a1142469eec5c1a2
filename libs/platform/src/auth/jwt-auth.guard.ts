import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '@app/kernel';
import { ActorVerifier, IS_PUBLIC, ROLES, type Actor, type Role } from './actor.js';

interface TokenClaims {
  sub: string;
  username: string;
  orgId: string;
  roles: string[];
}

const unauthenticated = (message: string) => new DomainError('unauthenticated', 'AUTH.UNAUTHENTICATED', message);

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly jwt: JwtService, @Optional() private readonly verifier?: ActorVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('A bearer token is required (POST /api/v1/auth/login).');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(match[1]!);
    } catch {
      throw unauthenticated('The token is invalid or expired.');
    }
    if (!claims.sub || !claims.orgId || !Array.isArray(claims.roles)) throw unauthenticated('The token is invalid.');
    const actor: Actor = {
      userId: claims.sub,
      username: claims.username,
      orgId: claims.orgId,
      roles: claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    };
    await this.verifier?.verify(actor);
    request.actor = actor;
    return true;
  }
}

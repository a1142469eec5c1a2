import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { ActorVerifier, type Actor } from '@app/platform';
import { type UserState, standing } from '../domain/user.decider.js';
import { readUserState } from './user-state.js';

/** How long a user's standing is trusted before its stream is read again (per process). */
const FRESH_MS = 5_000;
const MAX_CACHED = 10_000;

const refused = (message: string) => new DomainError('unauthenticated', 'AUTH.TOKEN_REVOKED', message);

/**
 * A token is only as good as its user's stream: a disabled user, or one whose organisation or
 * roles changed, is refused within FRESH_MS of the change, on every API replica, instead of
 * keeping the old rights until the token expires.
 */
@Injectable()
export class StreamActorVerifier extends ActorVerifier {
  private readonly cache = new Map<string, { at: number; state: UserState }>();

  constructor(private readonly store: EventStore) {
    super();
  }

  async verify(actor: Actor): Promise<void> {
    const verdict = standing(await this.user(actor.username), actor);
    if (verdict === 'inactive') throw refused('This account is disabled or no longer exists; sign in again.');
    if (verdict === 'changed') throw refused('This account’s organisation or roles changed; sign in again.');
  }

  private async user(username: string): Promise<UserState> {
    const cached = this.cache.get(username);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.state;
    const state = await readUserState(this.store, username);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(username, { at: Date.now(), state });
    return state;
  }
}

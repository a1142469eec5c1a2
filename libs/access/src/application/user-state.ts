import { foldRecorded } from '@app/kernel';
import type { EventStore } from '@app/event-store';
import { isUsername, userDecider, userStream, type UserState } from '../domain/user.decider.js';

/**
 * A user as its own stream says now (`none` for a name that cannot be a username): sign-in and
 * the token check both read it from the stream, so a user created or disabled a moment ago
 * counts at once.
 */
export async function readUserState(store: EventStore, username: string): Promise<UserState> {
  if (!isUsername(username)) return userDecider.initialState();
  return foldRecorded(userDecider, await store.readStream(userStream(username)));
}

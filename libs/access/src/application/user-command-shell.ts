import { Injectable } from '@nestjs/common';
import { Clock, invalid } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { isUsername, USERNAME_RULE, userDecider, userStream, type CreateUser, type UserCommand } from '../domain/user.decider.js';
import { authorizeUserCommand } from '../domain/user.policy.js';

export const BCRYPT_COST = 10;

export interface UserAnswer {
  username: string;
  revision: number;
}

/** What every user command shares, filled in by the shell. */
export type UserCommandBase = Pick<UserCommand, 'now' | 'actor'>;

/** What the create use case prepares: the user with its password already hashed and its organisation looked up. */
export type NewUser = Omit<CreateUser, keyof UserCommandBase | 'type'>;

/**
 * The one path of a command on a user: the policy asked once (domain/user.policy.ts: an
 * administrator's, 403 otherwise), the clock once, then the runner and the user decider, which
 * judges only the transition.
 */
@Injectable()
export class UserCommandShell {
  constructor(private readonly runner: CommandRunner, private readonly clock: Clock) {}

  /** A command on the user named in the path: a valid username first (it names the stream), then the policy. */
  async run(username: string, ctx: CommandContext, command: (base: UserCommandBase) => UserCommand): Promise<UserAnswer> {
    if (!isUsername(username)) throw invalid('USER.INVALID', `username must be ${USERNAME_RULE}`);
    authorizeUserCommand(ctx.actor);
    const now = this.clock.now();
    return this.decide(username, ctx, now, command({ now, actor: ctx.actor }));
  }

  /**
   * A new user: the policy first, so that a caller without the right costs no bcrypt round, then
   * `prepare` (the create use case checks the username, looks the organisation up and hashes the
   * password); the clock is read once it is done, as the decider judges the user created now.
   */
  async create(ctx: CommandContext, prepare: () => Promise<NewUser>): Promise<UserAnswer> {
    authorizeUserCommand(ctx.actor);
    const user = await prepare();
    const now = this.clock.now();
    return this.decide(user.username, ctx, now, { ...user, type: 'CreateUser', now, actor: ctx.actor });
  }

  private async decide(username: string, ctx: CommandContext, now: Date, command: UserCommand): Promise<UserAnswer> {
    const outcome = await this.runner.run({
      streamId: userStream(username),
      decider: userDecider,
      command,
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
    });
    return { username, revision: outcome.revision };
  }
}

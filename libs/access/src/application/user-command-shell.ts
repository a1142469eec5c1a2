import { Injectable } from '@nestjs/common';
import { Clock, invalid } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { isUsername, USERNAME_RULE, userDecider, userStream, type UserCommand } from '../domain/user.decider.js';

export const BCRYPT_COST = 10;

export interface UserAnswer {
  username: string;
  revision: number;
}

/** What every user command shares, filled in by the shell. */
export type UserCommandBase = Pick<UserCommand, 'now' | 'actor'>;

/** The one path of a command on a user: a valid username (before it names a stream), the clock once, then the runner and the user decider (which decides who may). */
@Injectable()
export class UserCommandShell {
  constructor(private readonly runner: CommandRunner, private readonly clock: Clock) {}

  async run(username: string, ctx: CommandContext, command: (base: UserCommandBase) => UserCommand): Promise<UserAnswer> {
    if (!isUsername(username)) throw invalid('USER.INVALID', `username must be ${USERNAME_RULE}`);
    const now = this.clock.now();
    const outcome = await this.runner.run({
      streamId: userStream(username),
      decider: userDecider,
      command: command({ now, actor: ctx.actor }),
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
    });
    return { username, revision: outcome.revision };
  }
}

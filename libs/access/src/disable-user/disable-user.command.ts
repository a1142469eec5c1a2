import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { UserAnswer } from '../application/user-command-shell.js';

/** An administrator disables a user, with an optional reason; its tokens stop standing within seconds. */
export class DisableUserCommand extends Command<UserAnswer> {
  constructor(readonly ctx: CommandContext, readonly username: string, readonly reason: string | null) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { Role } from '../domain/authorization.js';
import type { UserAnswer } from '../application/user-command-shell.js';

/** An administrator changes a user's roles; its tokens stop standing within seconds. */
export class ChangeUserRolesCommand extends Command<UserAnswer> {
  constructor(readonly ctx: CommandContext, readonly username: string, readonly roles: Role[]) {
    super();
  }
}

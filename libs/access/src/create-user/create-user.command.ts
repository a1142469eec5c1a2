import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { Role } from '../domain/authorization.js';
import type { UserAnswer } from '../application/user-command-shell.js';

/** An administrator creates a user of an organisation with its roles; the password is hashed before anything is stored. */
export class CreateUserCommand extends Command<UserAnswer> {
  constructor(readonly ctx: CommandContext, readonly user: { username: string; password: string; orgId: string; roles: Role[] }) {
    super();
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserCommandShell, type UserAnswer } from '../application/user-command-shell.js';
import { DisableUserCommand } from './disable-user.command.js';

@CommandHandler(DisableUserCommand)
export class DisableUserHandler implements ICommandHandler<DisableUserCommand> {
  constructor(private readonly shell: UserCommandShell) {}

  execute({ ctx, username, reason }: DisableUserCommand): Promise<UserAnswer> {
    return this.shell.run(username, ctx, (base) => ({ ...base, type: 'DisableUser', reason }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserCommandShell, type UserAnswer } from '../application/user-command-shell.js';
import { ChangeUserRolesCommand } from './change-user-roles.command.js';

@CommandHandler(ChangeUserRolesCommand)
export class ChangeUserRolesHandler implements ICommandHandler<ChangeUserRolesCommand> {
  constructor(private readonly shell: UserCommandShell) {}

  execute({ ctx, username, roles }: ChangeUserRolesCommand): Promise<UserAnswer> {
    return this.shell.run(username, ctx, (base) => ({ ...base, type: 'ChangeUserRoles', roles }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { AppointSecretaryCommand } from './appoint-secretary.command.js';

@CommandHandler(AppointSecretaryCommand)
export class AppointSecretaryHandler implements ICommandHandler<AppointSecretaryCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, secretary }: AppointSecretaryCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'AppointSecretary', name: secretary.name, userId: secretary.userId }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { RenameOrganizationCommand } from './rename-organization.command.js';

@CommandHandler(RenameOrganizationCommand)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, name }: RenameOrganizationCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'RenameOrganization', name }));
  }
}

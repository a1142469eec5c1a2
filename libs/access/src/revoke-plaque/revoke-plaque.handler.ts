import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { RevokePlaqueCommand } from './revoke-plaque.command.js';

@CommandHandler(RevokePlaqueCommand)
export class RevokePlaqueHandler implements ICommandHandler<RevokePlaqueCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, plaque, reason }: RevokePlaqueCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'RevokePlaque', plaque, reason }));
  }
}

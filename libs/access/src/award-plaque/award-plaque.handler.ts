import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { AwardPlaqueCommand } from './award-plaque.command.js';

@CommandHandler(AwardPlaqueCommand)
export class AwardPlaqueHandler implements ICommandHandler<AwardPlaqueCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, plaque, reason }: AwardPlaqueCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'AwardPlaque', plaque, reason }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { RestoreFromBackwardCommand } from './restore-from-backward.command.js';

@CommandHandler(RestoreFromBackwardCommand)
export class RestoreFromBackwardHandler implements ICommandHandler<RestoreFromBackwardCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, reason }: RestoreFromBackwardCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'RestoreFromBackward', reason }));
  }
}

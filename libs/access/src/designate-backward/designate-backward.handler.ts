import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { DesignateBackwardCommand } from './designate-backward.command.js';

@CommandHandler(DesignateBackwardCommand)
export class DesignateBackwardHandler implements ICommandHandler<DesignateBackwardCommand> {
  constructor(private readonly shell: OrganizationCommandShell) {}

  execute({ ctx, orgId, reason }: DesignateBackwardCommand): Promise<OrganizationAnswer> {
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'DesignateBackward', reason }));
  }
}

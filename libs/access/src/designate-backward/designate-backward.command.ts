import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator or a supervisor of the parent designates the organisation backward (软弱涣散), with the reason. */
export class DesignateBackwardCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly reason: string) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator or a supervisor of the parent revokes a plaque the organisation holds, with the reason. */
export class RevokePlaqueCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly plaque: string, readonly reason: string) {
    super();
  }
}

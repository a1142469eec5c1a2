import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator renames an organisation; the previous name stays in the event. */
export class RenameOrganizationCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly name: string) {
    super();
  }
}

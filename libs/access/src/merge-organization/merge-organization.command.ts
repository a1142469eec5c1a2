import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator merges an organisation into another of the same kind; the merged one keeps its history and takes no more commands. */
export class MergeOrganizationCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly intoId: string) {
    super();
  }
}

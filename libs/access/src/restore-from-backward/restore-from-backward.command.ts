import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator or a supervisor of the parent restores a backward organisation, with an optional reason. */
export class RestoreFromBackwardCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly reason: string | null) {
    super();
  }
}

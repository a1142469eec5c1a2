import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator or a supervisor of the parent appoints the organisation's secretary (书记), or replaces the one in office. */
export class AppointSecretaryCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly secretary: { name: string; userId: string | null }) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator or a supervisor of the parent awards the organisation a plaque (挂牌), with the reason. */
export class AwardPlaqueCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly plaque: string, readonly reason: string) {
    super();
  }
}

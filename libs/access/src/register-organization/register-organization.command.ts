import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { OrgKind } from '../domain/organization.rules.js';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';

/** An administrator registers an organisation under its parent (a county has none). */
export class RegisterOrganizationCommand extends Command<OrganizationAnswer> {
  constructor(readonly ctx: CommandContext, readonly organization: { id: string; name: string; kind: OrgKind; parentId: string | null }) {
    super();
  }
}

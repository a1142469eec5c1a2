import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isOrganizationId } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { MergeOrganizationCommand } from './merge-organization.command.js';

@CommandHandler(MergeOrganizationCommand)
export class MergeOrganizationHandler implements ICommandHandler<MergeOrganizationCommand> {
  constructor(private readonly shell: OrganizationCommandShell, private readonly orgs: OrganizationStreams) {}

  async execute({ ctx, orgId, intoId }: MergeOrganizationCommand): Promise<OrganizationAnswer> {
    // The target from its stream, not the read model: one registered a moment ago counts.
    const into = isOrganizationId(intoId) ? await this.orgs.ref(intoId) : null;
    return this.shell.run(orgId, ctx, (base) => ({ ...base, type: 'MergeOrganization', intoId, into }));
  }
}

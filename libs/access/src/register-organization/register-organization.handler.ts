import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@app/kernel';
import { authorizeRegistration } from '../domain/organization.policy.js';
import { isOrganizationId, ORG_ID_RULE } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import { OrganizationCommandShell, type OrganizationAnswer } from '../application/organization-command-shell.js';
import { RegisterOrganizationCommand } from './register-organization.command.js';

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand> {
  constructor(private readonly shell: OrganizationCommandShell, private readonly orgs: OrganizationStreams) {}

  async execute({ ctx, organization }: RegisterOrganizationCommand): Promise<OrganizationAnswer> {
    const { id, name, kind, parentId } = organization;
    // Before the stream name is built from it: a NUL or a slash must never reach the store.
    if (!isOrganizationId(id)) throw invalid('ORG.INVALID', 'The organisation is not valid', [{ field: 'id', messages: [`id must be ${ORG_ID_RULE}`] }]);
    authorizeRegistration(ctx.actor);
    // The parent comes from its stream, not the read model, so a parent registered a moment ago counts.
    const parent = parentId !== null && isOrganizationId(parentId) ? await this.orgs.ref(parentId) : null;
    return this.shell.register(ctx, (base) => ({ ...base, type: 'RegisterOrganization', id, name, kind, parentId, parent }));
  }
}

import bcrypt from 'bcryptjs';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { invalid } from '@app/kernel';
import { isOrganizationId } from '../domain/organization.rules.js';
import { isUsername, USERNAME_RULE } from '../domain/user.decider.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import { BCRYPT_COST, UserCommandShell, type UserAnswer } from '../application/user-command-shell.js';
import { CreateUserCommand } from './create-user.command.js';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserAnswer> {
  constructor(private readonly shell: UserCommandShell, private readonly orgs: OrganizationStreams) {}

  execute({ ctx, user }: CreateUserCommand): Promise<UserAnswer> {
    return this.shell.create(ctx, async () => {
      // The username names the stream, and junk costs no lookup or bcrypt round; the decider
      // checks the whole user (roles, the hash) again.
      if (!isUsername(user.username)) {
        throw invalid('USER.INVALID', 'The user is not valid', [{ field: 'username', messages: [`username must be ${USERNAME_RULE}`] }]);
      }
      const org = isOrganizationId(user.orgId) ? await this.orgs.ref(user.orgId) : null;
      const passwordHash = await bcrypt.hash(user.password, BCRYPT_COST);
      return { username: user.username, passwordHash, orgId: user.orgId, roles: user.roles, org };
    });
  }
}

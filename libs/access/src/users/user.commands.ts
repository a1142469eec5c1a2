import bcrypt from 'bcryptjs';
import { CommandHandler, type ICommandHandler, Command } from '@nestjs/cqrs';
import { Clock, invalid } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { assertCanAdminister, type Role } from '../domain/authorization.js';
import { isOrganizationId } from '../domain/organization.rules.js';
import { type UserCommand, isUsername, USERNAME_RULE, userDecider, userStream } from '../domain/user.decider.js';
import { OrganizationStreams } from '../application/org-facts.js';

export const BCRYPT_COST = 10;

export interface UserAnswer {
  username: string;
  revision: number;
}

export class CreateUserCommand extends Command<UserAnswer> {
  constructor(readonly ctx: CommandContext, readonly user: { username: string; password: string; orgId: string; roles: Role[] }) {
    super();
  }
}

type UserChange = Exclude<UserCommand, { type: 'CreateUser' }> extends infer C ? (C extends unknown ? Omit<C, 'now' | 'actor'> : never) : never;

export class ChangeUserCommand extends Command<UserAnswer> {
  constructor(readonly ctx: CommandContext, readonly username: string, readonly change: UserChange) {
    super();
  }
}

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserAnswer> {
  constructor(private readonly runner: CommandRunner, private readonly orgs: OrganizationStreams, private readonly clock: Clock) {}

  async execute({ ctx, user }: CreateUserCommand): Promise<UserAnswer> {
    // Checked before hashing so that junk or a caller without the right costs no bcrypt round;
    // the decider checks both again.
    assertCanAdminister(ctx.actor);
    if (!isUsername(user.username)) {
      throw invalid('USER.INVALID', 'The user is not valid', [{ field: 'username', messages: [`username must be ${USERNAME_RULE}`] }]);
    }
    const org = isOrganizationId(user.orgId) ? await this.orgs.ref(user.orgId) : null;
    const passwordHash = await bcrypt.hash(user.password, BCRYPT_COST);
    const now = this.clock.now();
    const outcome = await this.runner.run({
      streamId: userStream(user.username),
      decider: userDecider,
      command: { type: 'CreateUser', username: user.username, passwordHash, orgId: user.orgId, roles: user.roles, org, now, actor: ctx.actor },
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
    });
    return { username: user.username, revision: outcome.revision };
  }
}

@CommandHandler(ChangeUserCommand)
export class ChangeUserHandler implements ICommandHandler<ChangeUserCommand, UserAnswer> {
  constructor(private readonly runner: CommandRunner, private readonly clock: Clock) {}

  async execute({ ctx, username, change }: ChangeUserCommand): Promise<UserAnswer> {
    if (!isUsername(username)) throw invalid('USER.INVALID', `username must be ${USERNAME_RULE}`);
    const now = this.clock.now();
    const outcome = await this.runner.run({
      streamId: userStream(username),
      decider: userDecider,
      command: { ...change, now, actor: ctx.actor },
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
    });
    return { username, revision: outcome.revision };
  }
}

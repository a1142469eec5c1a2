import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CommandCtx, type CommandContext } from '@app/platform';
import { OptionalReasonRequest } from '../application/organization-request.dto.js';
import type { UserAnswer } from '../application/user-command-shell.js';
import { CreateUserCommand } from '../create-user/create-user.command.js';
import { CreateUserRequest } from '../create-user/create-user.request.dto.js';
import { ChangeUserRolesCommand } from '../change-user-roles/change-user-roles.command.js';
import { ChangeRolesRequest } from '../change-user-roles/change-user-roles.request.dto.js';
import { DisableUserCommand } from '../disable-user/disable-user.command.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly commands: CommandBus) {}

  /** The password is hashed (bcrypt) before anything is stored; it is never returned or logged. */
  @Post()
  create(@CommandCtx() ctx: CommandContext, @Body() body: CreateUserRequest): Promise<UserAnswer> {
    return this.commands.execute(
      new CreateUserCommand(ctx, { username: body.username, password: body.password, orgId: body.orgId, roles: body.roles }),
    );
  }

  @Post(':username/roles')
  @HttpCode(200)
  changeRoles(@CommandCtx() ctx: CommandContext, @Param('username') username: string, @Body() body: ChangeRolesRequest): Promise<UserAnswer> {
    return this.commands.execute(new ChangeUserRolesCommand(ctx, username, body.roles));
  }

  @Post(':username/disable')
  @HttpCode(200)
  disable(@CommandCtx() ctx: CommandContext, @Param('username') username: string, @Body() body: OptionalReasonRequest): Promise<UserAnswer> {
    return this.commands.execute(new DisableUserCommand(ctx, username, body.reason ?? null));
  }
}

import { Body, Controller, HttpCode, Get, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/kernel';
import { CommandCtx, CurrentActor, type Actor, type CommandContext } from '@app/platform';
import type { OrganizationAnswer } from '../application/organization-command-shell.js';
import { OptionalReasonRequest, PlaqueRequest, ReasonRequest } from '../application/organization-request.dto.js';
import { RegisterOrganizationCommand } from '../register-organization/register-organization.command.js';
import { RegisterOrganizationRequest } from '../register-organization/register-organization.request.dto.js';
import { ImportOrganizationsCommand, type ImportAnswer } from '../import-organizations/import-organizations.command.js';
import { AppointSecretaryCommand } from '../appoint-secretary/appoint-secretary.command.js';
import { AppointSecretaryRequest } from '../appoint-secretary/appoint-secretary.request.dto.js';
import { RenameOrganizationCommand } from '../rename-organization/rename-organization.command.js';
import { RenameOrganizationRequest } from '../rename-organization/rename-organization.request.dto.js';
import { MergeOrganizationCommand } from '../merge-organization/merge-organization.command.js';
import { MergeOrganizationRequest } from '../merge-organization/merge-organization.request.dto.js';
import { DesignateBackwardCommand } from '../designate-backward/designate-backward.command.js';
import { RestoreFromBackwardCommand } from '../restore-from-backward/restore-from-backward.command.js';
import { AwardPlaqueCommand } from '../award-plaque/award-plaque.command.js';
import { RevokePlaqueCommand } from '../revoke-plaque/revoke-plaque.command.js';
import { GetOrganizationQuery } from '../get-organization/get-organization.query.js';
import type { OrganizationView } from '../get-organization/organization-view.js';
import { ListOrganizationsQuery } from '../list-organizations/list-organizations.query.js';
import { ListOrganizationsRequest } from '../list-organizations/list-organizations.request.dto.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  register(@CommandCtx() ctx: CommandContext, @Body() body: RegisterOrganizationRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(
      new RegisterOrganizationCommand(ctx, { id: body.id, name: body.name, kind: body.kind, parentId: body.parentId ?? null }),
    );
  }

  @Post('import')
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'UTF-8 CSV with the header id,name,kind,parentId; all-or-nothing', schema: { type: 'string' } })
  import(@CommandCtx() ctx: CommandContext, @Req() request: FastifyRequest): Promise<ImportAnswer> {
    const body = request.body;
    if (!(typeof body === 'string' || body instanceof Uint8Array)) {
      throw new DomainError('invalid', 'ORG.IMPORT_NOT_CSV', 'Send the file as the request body with Content-Type: text/csv');
    }
    return this.commands.execute(new ImportOrganizationsCommand(ctx, body));
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListOrganizationsRequest): Promise<OrganizationView[]> {
    return this.queries.execute(new ListOrganizationsQuery(actor, { parentId: query.parentId, limit: query.limit }));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrganizationView> {
    return this.queries.execute(new GetOrganizationQuery(actor, id));
  }

  @Post(':id/secretary')
  @HttpCode(200)
  appointSecretary(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: AppointSecretaryRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new AppointSecretaryCommand(ctx, id, { name: body.name, userId: body.userId ?? null }));
  }

  @Post(':id/rename')
  @HttpCode(200)
  rename(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: RenameOrganizationRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new RenameOrganizationCommand(ctx, id, body.name));
  }

  @Post(':id/merge')
  @HttpCode(200)
  merge(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: MergeOrganizationRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new MergeOrganizationCommand(ctx, id, body.intoId));
  }

  @Post(':id/backward')
  @HttpCode(200)
  designateBackward(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ReasonRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new DesignateBackwardCommand(ctx, id, body.reason));
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: OptionalReasonRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new RestoreFromBackwardCommand(ctx, id, body.reason ?? null));
  }

  @Post(':id/plaques')
  @HttpCode(200)
  awardPlaque(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PlaqueRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new AwardPlaqueCommand(ctx, id, body.plaque, body.reason));
  }

  @Post(':id/plaques/revoke')
  @HttpCode(200)
  revokePlaque(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PlaqueRequest): Promise<OrganizationAnswer> {
    return this.commands.execute(new RevokePlaqueCommand(ctx, id, body.plaque, body.reason));
  }
}

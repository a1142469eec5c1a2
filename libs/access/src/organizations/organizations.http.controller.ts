import { Body, Controller, HttpCode, Get, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/kernel';
import { CommandCtx, CurrentActor, type Actor, type CommandContext } from '@app/platform';
import {
  AppointSecretaryRequest,
  ListOrganizationsQuery,
  MergeOrganizationRequest,
  OptionalReasonRequest,
  PlaqueRequest,
  ReasonRequest,
  RegisterOrganizationRequest,
  RenameOrganizationRequest,
  type OrganizationView,
} from './organization.dto.js';
import { ChangeOrganizationCommand, RegisterOrganizationCommand, type CommandAnswer, type OrganizationChange } from './organization.commands.js';
import { ImportOrganizationsCommand, type ImportAnswer } from './import-organizations.command.js';
import { OrganizationQueries } from './organization.queries.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly commands: CommandBus, private readonly queries: OrganizationQueries) {}

  @Post()
  register(@CommandCtx() ctx: CommandContext, @Body() body: RegisterOrganizationRequest): Promise<CommandAnswer> {
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
  list(@CurrentActor() actor: Actor, @Query() query: ListOrganizationsQuery): Promise<OrganizationView[]> {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrganizationView> {
    return this.queries.get(actor, id);
  }

  @Post(':id/secretary')
  @HttpCode(200)
  appointSecretary(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: AppointSecretaryRequest) {
    return this.change(ctx, id, { type: 'AppointSecretary', name: body.name, userId: body.userId ?? null });
  }

  @Post(':id/rename')
  @HttpCode(200)
  rename(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: RenameOrganizationRequest) {
    return this.change(ctx, id, { type: 'RenameOrganization', name: body.name });
  }

  @Post(':id/merge')
  @HttpCode(200)
  merge(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: MergeOrganizationRequest) {
    return this.change(ctx, id, { type: 'MergeOrganization', intoId: body.intoId });
  }

  @Post(':id/backward')
  @HttpCode(200)
  designateBackward(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ReasonRequest) {
    return this.change(ctx, id, { type: 'DesignateBackward', reason: body.reason });
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: OptionalReasonRequest) {
    return this.change(ctx, id, { type: 'RestoreFromBackward', reason: body.reason ?? null });
  }

  @Post(':id/plaques')
  @HttpCode(200)
  awardPlaque(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PlaqueRequest) {
    return this.change(ctx, id, { type: 'AwardPlaque', plaque: body.plaque, reason: body.reason });
  }

  @Post(':id/plaques/revoke')
  @HttpCode(200)
  revokePlaque(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PlaqueRequest) {
    return this.change(ctx, id, { type: 'RevokePlaque', plaque: body.plaque, reason: body.reason });
  }

  private change(ctx: CommandContext, id: string, change: OrganizationChange): Promise<CommandAnswer> {
    return this.commands.execute(new ChangeOrganizationCommand(ctx, id, change));
  }
}

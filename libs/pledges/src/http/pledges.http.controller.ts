import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig, Clock } from '@app/kernel';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { PLEDGE_STATUSES } from '../domain/pledge.decider.js';
import { PLEDGE_KINDS } from '../domain/pledge.events.js';
import { PledgeAccess } from '../application/pledge-access.js';
import { CreatePledgeCommand, type CreatePledgeResult } from '../create-pledge/create-pledge.command.js';
import { CreatePledgeRequest, CreatePledgeResponse } from '../create-pledge/create-pledge.request.dto.js';
import { PledgeActionCommand, type PledgeAction, type PledgeActionResult } from '../pledge-actions/pledge-action.command.js';
import {
  PledgeActionResponse,
  PledgeEvaluationRequest,
  PledgeFulfilRequest,
  PledgeInspectionRequest,
  PledgeProgressRequest,
} from '../pledge-actions/pledge-action.request.dto.js';
import { toPledgeView, type PledgeView } from '../read-models/pledge-view.js';

class PledgeViewResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PLEDGE_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026' }) term!: string;
  @ApiProperty() targetOrgId!: string;
  @ApiProperty({ nullable: true }) supervisorOrgId!: string;
  @ApiProperty({ nullable: true }) pledgedBy!: string;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: string;
  @ApiProperty({ example: [{ side: 'target', signedBy: '…', at: '2026-01-10T02:00:00.000Z' }] }) signatures!: unknown[];
  @ApiProperty({
    example: [{ id: '1', content: '年底前完成支部标准化建设', weight: 60, dueAt: '2026-12-31T10:00:00.000Z', status: 'open', progressNotes: [], fulfilledAt: null, evidence: null }],
  })
  items!: unknown[];
  @ApiProperty({ example: [{ id: '1', rating: 'good', findings: '推进有序', by: '…', at: '2026-06-01T02:00:00.000Z' }] }) inspections!: unknown[];
  @ApiProperty({ example: [{ id: '1', leaderComment: '成效明显', publicScore: 92, by: '…', at: '2026-12-31T02:00:00.000Z' }] }) evaluations!: unknown[];
  @ApiProperty({ nullable: true, example: { originalDueAt: '2026-06-30T10:00:00.000Z', dueAt: '2026-06-30T10:00:00.000Z', light: 'green', escalationLevel: 0 } })
  deadline!: unknown;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: [{ type: 'PledgeDrafted', at: '2026-01-05T02:00:00.000Z', actorId: '…' }] }) timeline!: unknown[];
}

const IF_MATCH = { name: 'If-Match', required: false, description: 'Run only if the pledge is at this revision (else 412)' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer' };

/**
 * 承诺 / 责任书: a supervisor drafts a responsibility letter with a direct child (both sign), a
 * clerk drafts its organisation's public pledge (its signature publishes it); the target progresses
 * and fulfils items, the supervisor inspects and evaluates; whoever reads the target reads it.
 */
@ApiTags('pledges')
@ApiBearerAuth()
@Controller('pledges')
export class PledgesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: PledgeAccess,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Draft a responsibility letter (责任书) with a direct child, or a public pledge (公开承诺) of the own organisation' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: CreatePledgeResponse })
  create(@CommandCtx() ctx: CommandContext, @Body() body: CreatePledgeRequest): Promise<CreatePledgeResult> {
    return this.commands.execute(new CreatePledgeCommand(body, ctx));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A pledge with its signatures, items, inspections, evaluations, deadline (light computed now), revision and timeline' })
  @ApiOkResponse({ type: PledgeViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PledgeView> {
    const loaded = await this.access.load(id, actor);
    void reply.header('etag', `"${loaded.revision}"`);
    return toPledgeView(loaded.subject, loaded.history, this.clock.now(), this.config.escalationPolicy.pledge.yellowWithin);
  }

  private act(id: string, action: PledgeAction, ctx: CommandContext): Promise<PledgeActionResult> {
    return this.commands.execute(new PledgeActionCommand(id, action, ctx));
  }

  @Post(':id/sign')
  @HttpCode(200)
  @ApiOperation({ summary: "Sign the caller's side: the target's clerk or a supervisor of its parent (a responsibility letter is active once both signed); the pledging organisation's signature publishes a public pledge" })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiNoBody()
  @ApiOkResponse({ type: PledgeActionResponse })
  sign(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() _body: NoBody) {
    return this.act(id, { type: 'SignPledge' }, ctx);
  }

  @Post(':id/items/:itemId/progress')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record progress on an open item of an active or published pledge' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeActionResponse })
  progress(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: PledgeProgressRequest) {
    return this.act(id, { type: 'ProgressPledgeItem', itemId, note: body.note }, ctx);
  }

  @Post(':id/items/:itemId/fulfil')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fulfil an item with evidence; the last one completes the pledge' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeActionResponse })
  fulfil(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: PledgeFulfilRequest) {
    return this.act(id, { type: 'FulfilPledgeItem', itemId, evidence: body.evidence }, ctx);
  }

  @Post(':id/inspections')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an inspection by the supervisor (rating and findings)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeActionResponse })
  inspect(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PledgeInspectionRequest) {
    return this.act(id, { type: 'InspectPledge', rating: body.rating, findings: body.findings }, ctx);
  }

  @Post(':id/evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an end-of-term evaluation by the supervisor (leader comment, public evaluation score 0–100)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeActionResponse })
  evaluate(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PledgeEvaluationRequest) {
    return this.act(id, { type: 'EvaluatePledge', leaderComment: body.leaderComment, publicScore: body.publicScore }, ctx);
  }
}

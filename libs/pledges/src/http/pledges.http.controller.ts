import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { PLEDGE_STATUSES } from '../domain/pledge.decider.js';
import { PLEDGE_KINDS } from '../domain/pledge.events.js';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';
import { PledgeCommandResponse } from '../application/pledge-command-result.dto.js';
import { CreatePledgeCommand, type CreatePledgeResult } from '../create-pledge/create-pledge.command.js';
import { CreatePledgeRequest, CreatePledgeResponse } from '../create-pledge/create-pledge.request.dto.js';
import { SignPledgeCommand } from '../sign-pledge/sign-pledge.command.js';
import { ProgressPledgeItemCommand } from '../progress-pledge-item/progress-pledge-item.command.js';
import { PledgeProgressRequest } from '../progress-pledge-item/progress-pledge-item.request.dto.js';
import { FulfilPledgeItemCommand } from '../fulfil-pledge-item/fulfil-pledge-item.command.js';
import { PledgeFulfilRequest } from '../fulfil-pledge-item/fulfil-pledge-item.request.dto.js';
import { InspectPledgeCommand } from '../inspect-pledge/inspect-pledge.command.js';
import { PledgeInspectionRequest } from '../inspect-pledge/inspect-pledge.request.dto.js';
import { EvaluatePledgeCommand } from '../evaluate-pledge/evaluate-pledge.command.js';
import { PledgeEvaluationRequest } from '../evaluate-pledge/evaluate-pledge.request.dto.js';
import { GetPledgeQuery } from '../get-pledge/get-pledge.query.js';
import type { PledgeSummary, PledgeView } from '../get-pledge/pledge-view.js';
import { ListPledgesQuery } from '../list-pledges/list-pledges.query.js';
import { ListPledgesRequest } from '../list-pledges/list-pledges.request.dto.js';

class PledgeSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PLEDGE_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: '2026' }) term!: string;
  @ApiProperty() targetOrgId!: string;
  @ApiProperty({ nullable: true }) supervisorOrgId!: string;
  @ApiProperty({ nullable: true }) pledgedBy!: string;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, example: { kind: 'conversation', conversationId: '…' }, description: 'The held conversation whose commitments it holds; null when drafted by hand' }) origin!: unknown;
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
}

class PledgeViewResponse extends PledgeSummaryResponse {
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
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @ApiOperation({ summary: 'Draft a responsibility letter (责任书) with a direct child, or a public pledge (公开承诺) of the own organisation' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: CreatePledgeResponse })
  create(@CommandCtx() ctx: CommandContext, @Body() body: CreatePledgeRequest): Promise<CreatePledgeResult> {
    return this.commands.execute(new CreatePledgeCommand(body, ctx));
  }

  @Get()
  @ApiOperation({ summary: 'Pledges under the caller (their target in its subtree), newest first, with deadlines and lights of now; a target outside it is a 404' })
  @ApiOkResponse({ type: [PledgeSummaryResponse] })
  list(@CurrentActor() actor: Actor, @Query() query: ListPledgesRequest): Promise<PledgeSummary[]> {
    return this.queries.execute(new ListPledgesQuery(query, actor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A pledge with its signatures, items, inspections, evaluations, deadline (light computed now), revision and timeline' })
  @ApiOkResponse({ type: PledgeViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PledgeView> {
    const view = await this.queries.execute(new GetPledgeQuery(id, actor));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post(':id/sign')
  @HttpCode(200)
  @ApiOperation({ summary: "Sign the caller's side: the target's clerk or a supervisor of its parent (a responsibility letter is active once both signed); the pledging organisation's signature publishes a public pledge" })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiNoBody()
  @ApiOkResponse({ type: PledgeCommandResponse })
  sign(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() _body: NoBody): Promise<PledgeCommandResult> {
    return this.commands.execute(new SignPledgeCommand(id, ctx));
  }

  @Post(':id/items/:itemId/progress')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record progress on an open item of an active or published pledge' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeCommandResponse })
  progress(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: PledgeProgressRequest): Promise<PledgeCommandResult> {
    return this.commands.execute(new ProgressPledgeItemCommand(id, itemId, body, ctx));
  }

  @Post(':id/items/:itemId/fulfil')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fulfil an item with evidence; the last one completes the pledge' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeCommandResponse })
  fulfil(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: PledgeFulfilRequest): Promise<PledgeCommandResult> {
    return this.commands.execute(new FulfilPledgeItemCommand(id, itemId, body, ctx));
  }

  @Post(':id/inspections')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an inspection by the supervisor (rating and findings)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeCommandResponse })
  inspect(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PledgeInspectionRequest): Promise<PledgeCommandResult> {
    return this.commands.execute(new InspectPledgeCommand(id, body, ctx));
  }

  @Post(':id/evaluations')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an end-of-term evaluation by the supervisor (leader comment, public evaluation score 0–100)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: PledgeCommandResponse })
  evaluate(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: PledgeEvaluationRequest): Promise<PledgeCommandResult> {
    return this.commands.execute(new EvaluatePledgeCommand(id, body, ctx));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AppConfig, Clock, notFound } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, ORG_NOT_FOUND, readableScopeRoot } from '@app/access';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import type { NoticeStatus } from '../domain/notice.decider.js';
import { IssueNoticeCommand, type IssueNoticeResult } from '../issue-notice/issue-notice.command.js';
import { IssueNoticeRequest, IssueNoticeResponse } from '../issue-notice/issue-notice.request.dto.js';
import { NoticeActionCommand, type NoticeAction, type NoticeActionResult } from '../notice-actions/notice-action.command.js';
import {
  ExtensionRequestRequest,
  NoticeActionResponse,
  ProgressNoteRequest,
  NoticeCommentRequest,
  NoticeReasonRequest,
  RectifyItemRequest,
  RejectItemRequest,
} from '../notice-actions/notice-action.request.dto.js';
import { NoticeAccess } from '../application/notice-access.js';
import { toNoticeView, type NoticeView } from '../read-models/notice-view.js';
import { NoticeListQuery, type NoticeSummary } from '../read-models/notice-list.query.js';

const STATUSES: NoticeStatus[] = ['issued', 'in_progress', 'closed', 'withdrawn'];
const LIGHTS = ['green', 'yellow', 'red', 'closed_on_time', 'closed_late'] as const;

export class NoticeListRequest {
  @ApiPropertyOptional({ example: 'twp-liuji' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ description: 'Only notices issued by this organisation' })
  @IsOptional() @IsString() @MaxLength(64)
  issuerOrgId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional() @IsIn(STATUSES)
  status?: NoticeStatus;

  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional() @IsIn(LIGHTS as unknown as string[])
  light?: (typeof LIGHTS)[number];

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}

class NoticeViewResponse {
  @ApiProperty() id!: string;
  @ApiProperty() issuerOrgId!: string;
  @ApiProperty() targetOrgId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ example: [{ id: '1', problem: '…', status: 'open', reworkCount: 0 }] }) items!: unknown[];
  @ApiProperty({ example: { originalDueAt: '2026-10-10T15:59:59.999Z', dueAt: '2026-10-10T15:59:59.999Z', light: 'green', escalationLevel: 0, extensions: 0 } })
  deadline!: unknown;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: [{ type: 'NoticeIssued', at: '2026-09-30T02:00:00.000Z', actorId: '…' }] }) timeline!: unknown[];
}

/** Item and request ids are assigned in order ("1", "2", ...); anything else is simply unknown. */
const ORDINAL = /^\d{1,6}$/;

const IF_MATCH = { name: 'If-Match', required: false, description: 'Run only if the notice is at this revision (else 412)' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer' };

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: NoticeAccess,
    private readonly list: NoticeListQuery,
    private readonly organizations: OrganizationDirectory,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Issue a supervision notice (督办通知) to a direct child organisation' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: IssueNoticeResponse })
  issue(@CommandCtx() ctx: CommandContext, @Body() body: IssueNoticeRequest): Promise<IssueNoticeResult> {
    return this.commands.execute(new IssueNoticeCommand(body, ctx));
  }

  @Get()
  @ApiOperation({ summary: 'Notices under the caller, newest first' })
  @ApiOkResponse({ type: [NoticeViewResponse] })
  async find(@CurrentActor() actor: Actor, @Query() query: NoticeListRequest): Promise<NoticeSummary[]> {
    for (const orgId of [query.targetOrgId, query.issuerOrgId]) {
      if (!orgId) continue;
      const org = await this.organizations.get(orgId);
      if (!org) throw notFound(ORG_NOT_FOUND, 'Not found');
      assertCanRead(actor, org);
    }
    return this.list.list({
      scopeRootId: readableScopeRoot(actor),
      targetOrgId: query.targetOrgId,
      issuerOrgId: query.issuerOrgId,
      status: query.status,
      light: query.light,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A notice with its items, deadline, light (computed now), escalation level, revision and timeline' })
  @ApiOkResponse({ type: NoticeViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<NoticeView> {
    const loaded = await this.access.load(id, actor);
    void reply.header('etag', `"${loaded.revision}"`);
    return toNoticeView(loaded.notice, loaded.history, this.clock.now(), this.config.escalationPolicy.notice.yellowWithin);
  }

  private act(id: string, action: NoticeAction, ctx: CommandContext): Promise<NoticeActionResult> {
    return this.commands.execute(new NoticeActionCommand(id, action, ctx));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: '签收: the target organisation acknowledges the notice (late acknowledgement is recorded)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiNoBody()
  acknowledge(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() _body: NoBody) {
    return this.act(id, { type: 'AcknowledgeNotice' }, ctx);
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiOperation({ summary: 'A progress note by the issuer or the target' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  progress(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ProgressNoteRequest) {
    return this.act(id, { type: 'AddProgressNote', text: (body.text ?? body.note)! }, ctx);
  }

  @Post(':id/items/:itemId/rectification')
  @HttpCode(200)
  @ApiOperation({ summary: '申请销号: the target reports an item rectified, with evidence' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  rectify(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: RectifyItemRequest) {
    return this.act(id, { type: 'RectifyItem', itemId: ordinal(itemId), evidence: body.evidence }, ctx);
  }

  @Post(':id/items/:itemId/verify')
  @HttpCode(200)
  @ApiOperation({ summary: '销号: the issuer verifies a reported item; the last one closes the notice' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiBody({ type: NoticeCommentRequest, required: false, description: 'Optional: the verification opinion (核实意见); no body or {} verifies too' })
  verify(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: NoticeCommentRequest) {
    return this.act(id, { type: 'VerifyItem', itemId: ordinal(itemId), comment: body.comment ?? null }, ctx);
  }

  @Post(':id/items/:itemId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer rejects a reported item for rework (reason, optional new due time)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  reject(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: RejectItemRequest) {
    return this.act(id, { type: 'RejectItem', itemId: ordinal(itemId), reason: body.reason, dueAt: body.dueAt ? new Date(body.dueAt) : null }, ctx);
  }

  @Post(':id/extension-requests')
  @ApiOperation({ summary: 'The target asks for more time, before the due time' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: NoticeActionResponse })
  requestExtension(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ExtensionRequestRequest) {
    return this.act(id, { type: 'RequestExtension', requestedDueAt: new Date(body.requestedDueAt), reason: body.reason }, ctx);
  }

  @Post(':id/extension-requests/:requestId/grant')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer grants an extension (at most MAX_EXTENSIONS)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiBody({ type: NoticeCommentRequest, required: false, description: 'Optional: a comment on the grant; no body or {} grants too' })
  grant(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('requestId') requestId: string, @Body() body: NoticeCommentRequest) {
    return this.act(id, { type: 'GrantExtension', requestId: ordinal(requestId), comment: body.comment ?? null }, ctx);
  }

  @Post(':id/extension-requests/:requestId/deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer denies an extension, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  deny(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('requestId') requestId: string, @Body() body: NoticeReasonRequest) {
    return this.act(id, { type: 'DenyExtension', requestId: ordinal(requestId), reason: body.reason }, ctx);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer withdraws the notice, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  withdraw(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: NoticeReasonRequest) {
    return this.act(id, { type: 'WithdrawNotice', reason: body.reason }, ctx);
  }
}

/** Long or odd ids are unknown ids, not bad requests: the decider answers 404 for them. */
function ordinal(id: string): string {
  return ORDINAL.test(id) ? id : `?${id.slice(0, 16)}`;
}

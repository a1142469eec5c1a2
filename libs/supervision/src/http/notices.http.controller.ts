import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { NOTICE_STATUSES } from '../domain/notice.decider.js';
import { NoticeActionResponse, type NoticeActionResult } from '../application/notice-action.result.js';
import { NoticeCommentRequest, NoticeReasonRequest } from '../application/notice-request.dto.js';
import { IssueNoticeCommand, type IssueNoticeResult } from '../issue-notice/issue-notice.command.js';
import { IssueNoticeRequest, IssueNoticeResponse } from '../issue-notice/issue-notice.request.dto.js';
import { AcknowledgeNoticeCommand } from '../acknowledge-notice/acknowledge-notice.command.js';
import { AddProgressNoteCommand } from '../add-progress-note/add-progress-note.command.js';
import { ProgressNoteRequest } from '../add-progress-note/add-progress-note.request.dto.js';
import { RectifyItemCommand } from '../rectify-item/rectify-item.command.js';
import { RectifyItemRequest } from '../rectify-item/rectify-item.request.dto.js';
import { VerifyItemCommand } from '../verify-item/verify-item.command.js';
import { RejectItemCommand } from '../reject-item/reject-item.command.js';
import { RejectItemRequest } from '../reject-item/reject-item.request.dto.js';
import { RequestExtensionCommand } from '../request-extension/request-extension.command.js';
import { ExtensionRequestRequest } from '../request-extension/request-extension.request.dto.js';
import { GrantExtensionCommand } from '../grant-extension/grant-extension.command.js';
import { DenyExtensionCommand } from '../deny-extension/deny-extension.command.js';
import { WithdrawNoticeCommand } from '../withdraw-notice/withdraw-notice.command.js';
import { GetNoticeQuery } from '../get-notice/get-notice.query.js';
import type { NoticeView } from '../get-notice/notice-view.js';
import { ListNoticesQuery, type NoticeSummary } from '../list-notices/list-notices.query.js';
import { NoticeListRequest } from '../list-notices/list-notices.request.dto.js';

class NoticeViewResponse {
  @ApiProperty() id!: string;
  @ApiProperty() issuerOrgId!: string;
  @ApiProperty() targetOrgId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: string;
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
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

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
  find(@CurrentActor() actor: Actor, @Query() query: NoticeListRequest): Promise<NoticeSummary[]> {
    return this.queries.execute(new ListNoticesQuery(actor, query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A notice with its items, deadline, light (computed now), escalation level, revision and timeline' })
  @ApiOkResponse({ type: NoticeViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<NoticeView> {
    const view = await this.queries.execute(new GetNoticeQuery(id, actor));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: '签收: the target organisation acknowledges the notice (late acknowledgement is recorded)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiNoBody()
  acknowledge(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() _body: NoBody): Promise<NoticeActionResult> {
    return this.commands.execute(new AcknowledgeNoticeCommand(id, ctx));
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiOperation({ summary: 'A progress note by the issuer or the target' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  progress(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ProgressNoteRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new AddProgressNoteCommand(id, body, ctx));
  }

  @Post(':id/items/:itemId/rectification')
  @HttpCode(200)
  @ApiOperation({ summary: '申请销号: the target reports an item rectified, with evidence' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  rectify(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: RectifyItemRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new RectifyItemCommand(id, ordinal(itemId), body, ctx));
  }

  @Post(':id/items/:itemId/verify')
  @HttpCode(200)
  @ApiOperation({ summary: '销号: the issuer verifies a reported item; the last one closes the notice' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiBody({ type: NoticeCommentRequest, required: false, description: 'Optional: the verification opinion (核实意见); no body or {} verifies too' })
  verify(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: NoticeCommentRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new VerifyItemCommand(id, ordinal(itemId), body, ctx));
  }

  @Post(':id/items/:itemId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer rejects a reported item for rework (reason, optional new due time)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  reject(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('itemId') itemId: string, @Body() body: RejectItemRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new RejectItemCommand(id, ordinal(itemId), body, ctx));
  }

  @Post(':id/extension-requests')
  @ApiOperation({ summary: 'The target asks for more time, before the due time' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: NoticeActionResponse })
  requestExtension(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ExtensionRequestRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new RequestExtensionCommand(id, body, ctx));
  }

  @Post(':id/extension-requests/:requestId/grant')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer grants an extension (at most MAX_EXTENSIONS)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  @ApiBody({ type: NoticeCommentRequest, required: false, description: 'Optional: a comment on the grant; no body or {} grants too' })
  grant(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('requestId') requestId: string, @Body() body: NoticeCommentRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new GrantExtensionCommand(id, ordinal(requestId), body, ctx));
  }

  @Post(':id/extension-requests/:requestId/deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer denies an extension, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  deny(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Param('requestId') requestId: string, @Body() body: NoticeReasonRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new DenyExtensionCommand(id, ordinal(requestId), body, ctx));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer withdraws the notice, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: NoticeActionResponse })
  withdraw(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: NoticeReasonRequest): Promise<NoticeActionResult> {
    return this.commands.execute(new WithdrawNoticeCommand(id, body, ctx));
  }
}

/** Long or odd ids are unknown ids, not bad requests: the decider answers 404 for them. */
function ordinal(id: string): string {
  return ORDINAL.test(id) ? id : `?${id.slice(0, 16)}`;
}

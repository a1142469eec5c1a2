import { Body, Controller, HttpCode, Get, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppConfig, Clock } from '@app/kernel';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { readableScopeRoot } from '@app/access';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import type { PrefilledDraft } from '../domain/report-prefill.js';
import { OpenReportingPeriod, type OpenReportingPeriodResult } from '../application/open-reporting-period/open-reporting-period.command.js';
import {
  AcceptReportCommand,
  ReturnReportCommand,
  SaveReportDraftCommand,
  SubmitReportCommand,
  type ReportCommandResult,
} from '../application/report-commands/report.commands.js';
import { ReportReader, type ReportView } from '../application/report-view.js';
import type { ReportingCommandOrigin } from '../application/command-context.js';
import { ReportQueries, type MatrixRow, type ReportSummary } from '../read-models/report-queries.js';
import { AcceptReportRequest, MatrixRowResponse, OpenPeriodResponse, PeriodQuery, ReportCommandResponse, ReturnReportRequest, SaveDraftRequest } from './report.dto.js';
import { buildReportWorkbook } from './report-workbook.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function origin(ctx: CommandContext): ReportingCommandOrigin {
  return { correlationId: ctx.correlationId, causationId: ctx.causationId, idempotencyKey: ctx.idempotencyKey, expectedRevision: ctx.expectedRevision };
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reporting-periods')
export class ReportingPeriodsController {
  constructor(private readonly commands: CommandBus) {}

  /** Supervisor: for its children; admin: for every organisation owing a report. Idempotent. */
  @Post(':period/open')
  @HttpCode(200)
  @ApiOkResponse({ type: OpenPeriodResponse })
  @ApiNoBody()
  open(@CommandCtx() ctx: CommandContext, @Param('period') period: string, @Body() _body: NoBody): Promise<OpenReportingPeriodResult> {
    return this.commands.execute(new OpenReportingPeriod(period, ctx.actor, origin(ctx)));
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: ReportReader,
    private readonly queries: ReportQueries,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The submission matrix of a period for the caller's subtree; overdue is derived from the clock. */
  @Get()
  @ApiOkResponse({ type: [MatrixRowResponse] })
  matrix(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<MatrixRow[]> {
    return this.queries.matrix(formatPeriod(parsePeriod(query.period)), readableScopeRoot(actor), this.clock.now());
  }

  /** Per figure, the sum and each organisation's value, over the submitted and accepted reports in scope. */
  @Get('summary')
  summary(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<ReportSummary> {
    return this.queries.summary(formatPeriod(parsePeriod(query.period)), readableScopeRoot(actor));
  }

  /** The matrix (sheet 报送情况) and the summary (sheet 数据汇总) as one Excel workbook. */
  @Get('export.xlsx')
  @ApiProduces(XLSX)
  async export(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<StreamableFile> {
    const period = formatPeriod(parsePeriod(query.period));
    const scope = readableScopeRoot(actor);
    const [matrix, summary] = await Promise.all([this.queries.matrix(period, scope, this.clock.now()), this.queries.summary(period, scope)]);
    const buffer = await buildReportWorkbook({ period, matrix, summary, tz: this.config.tzBusiness });
    return new StreamableFile(buffer, { type: XLSX, disposition: `attachment; filename="reports-${period}.xlsx"`, length: buffer.length });
  }

  /** Content, status (overdue derived at read time), late flag, due and submitted times, history; a prefilled draft while none exists. */
  @Get(':orgId/:period')
  async get(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('period') period: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView> {
    const view = await this.reader.get(actor, orgId, period);
    // The revision to send back as If-Match, as for notices (-1: no obligation opened yet).
    if (view.revision >= 0) void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  /** 一表通: the draft prefilled from the previous period and from what the system knows. */
  @Get(':orgId/:period/draft/prefill')
  prefill(@CurrentActor() actor: Actor, @Param('orgId') orgId: string, @Param('period') period: string): Promise<PrefilledDraft> {
    return this.reader.prefill(actor, orgId, period);
  }

  @Put(':orgId/:period/draft')
  @ApiOkResponse({ type: ReportCommandResponse })
  saveDraft(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: SaveDraftRequest): Promise<ReportCommandResult> {
    return this.commands.execute(
      new SaveReportDraftCommand(orgId, period, ctx.actor, { sections: body.sections, figures: body.figures, prefilled: body.prefilled }, origin(ctx)),
    );
  }

  @Post(':orgId/:period/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  @ApiNoBody()
  submit(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() _body: NoBody): Promise<ReportCommandResult> {
    return this.commands.execute(new SubmitReportCommand(orgId, period, ctx.actor, origin(ctx)));
  }

  @Post(':orgId/:period/return')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  returnReport(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: ReturnReportRequest): Promise<ReportCommandResult> {
    return this.commands.execute(new ReturnReportCommand(orgId, period, ctx.actor, body.reasons, origin(ctx)));
  }

  @Post(':orgId/:period/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  @ApiBody({ type: AcceptReportRequest, required: false, description: 'Optional: the opinion (审核意见); no body or {} accepts too' })
  accept(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: AcceptReportRequest): Promise<ReportCommandResult> {
    return this.commands.execute(new AcceptReportCommand(orgId, period, ctx.actor, body.comment ?? null, origin(ctx)));
  }
}

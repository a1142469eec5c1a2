import { Body, Controller, HttpCode, Get, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import type { PrefilledDraft } from '../domain/report-prefill.js';
import type { ReportView } from '../application/report-reader.js';
import { ReportCommandResponse, type ReportCommandResult } from '../application/report-command.result.js';
import { PeriodQuery } from '../application/period.request.dto.js';
import { MatrixRowResponse, type MatrixRow, type ReportSummary } from '../read-models/report-queries.js';
import { OpenReportingPeriodCommand, type OpenReportingPeriodResult } from '../open-reporting-period/open-reporting-period.command.js';
import { OpenPeriodResponse } from '../open-reporting-period/open-reporting-period.response.dto.js';
import { SaveReportDraftCommand } from '../save-report-draft/save-report-draft.command.js';
import { SaveDraftRequest } from '../save-report-draft/save-report-draft.request.dto.js';
import { SubmitReportCommand } from '../submit-report/submit-report.command.js';
import { ReturnReportCommand } from '../return-report/return-report.command.js';
import { ReturnReportRequest } from '../return-report/return-report.request.dto.js';
import { AcceptReportCommand } from '../accept-report/accept-report.command.js';
import { AcceptReportRequest } from '../accept-report/accept-report.request.dto.js';
import { GetReportQuery } from '../get-report/get-report.query.js';
import { PrefillReportQuery } from '../prefill-report/prefill-report.query.js';
import { GetReportMatrixQuery } from '../get-report-matrix/get-report-matrix.query.js';
import { GetReportSummaryQuery } from '../get-report-summary/get-report-summary.query.js';
import { ExportReportsQuery } from '../export-reports/export-reports.query.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    return this.commands.execute(new OpenReportingPeriodCommand(period, ctx));
  }
}

/** The routes of the report use cases, each handled in its folder. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  /** The submission matrix of a period for the caller's subtree; overdue is derived from the clock. */
  @Get()
  @ApiOkResponse({ type: [MatrixRowResponse] })
  matrix(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<MatrixRow[]> {
    return this.queries.execute(new GetReportMatrixQuery(actor, query.period));
  }

  /** Per figure, the sum and each organisation's value, over the submitted and accepted reports in scope. */
  @Get('summary')
  summary(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<ReportSummary> {
    return this.queries.execute(new GetReportSummaryQuery(actor, query.period));
  }

  /** The matrix (sheet 报送情况) and the summary (sheet 数据汇总) as one Excel workbook. */
  @Get('export.xlsx')
  @ApiProduces(XLSX)
  async export(@CurrentActor() actor: Actor, @Query() query: PeriodQuery): Promise<StreamableFile> {
    const { period, buffer } = await this.queries.execute(new ExportReportsQuery(actor, query.period));
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
    const view = await this.queries.execute(new GetReportQuery(actor, orgId, period));
    // The revision to send back as If-Match, as for notices (-1: no obligation opened yet).
    if (view.revision >= 0) void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  /** 一表通: the draft prefilled from the previous period and from what the system knows. */
  @Get(':orgId/:period/draft/prefill')
  prefill(@CurrentActor() actor: Actor, @Param('orgId') orgId: string, @Param('period') period: string): Promise<PrefilledDraft> {
    return this.queries.execute(new PrefillReportQuery(actor, orgId, period));
  }

  @Put(':orgId/:period/draft')
  @ApiOkResponse({ type: ReportCommandResponse })
  saveDraft(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: SaveDraftRequest): Promise<ReportCommandResult> {
    return this.commands.execute(new SaveReportDraftCommand(orgId, period, body, ctx));
  }

  @Post(':orgId/:period/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  @ApiNoBody()
  submit(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() _body: NoBody): Promise<ReportCommandResult> {
    return this.commands.execute(new SubmitReportCommand(orgId, period, ctx));
  }

  @Post(':orgId/:period/return')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  returnReport(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: ReturnReportRequest): Promise<ReportCommandResult> {
    return this.commands.execute(new ReturnReportCommand(orgId, period, body, ctx));
  }

  @Post(':orgId/:period/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportCommandResponse })
  @ApiBody({ type: AcceptReportRequest, required: false, description: 'Optional: the opinion (审核意见); no body or {} accepts too' })
  accept(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: AcceptReportRequest): Promise<ReportCommandResult> {
    return this.commands.execute(new AcceptReportCommand(orgId, period, body, ctx));
  }
}

import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '@app/platform';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { ReportingSettings } from './application/reporting-settings.js';
import { reportDeadlineSource } from './application/report-deadline-source.js';
import { ReportCommandShell } from './application/report-command-shell.js';
import { ReportReader } from './application/report-reader.js';
import { OpenReportingPeriodHandler } from './open-reporting-period/open-reporting-period.handler.js';
import { SaveReportDraftHandler } from './save-report-draft/save-report-draft.handler.js';
import { SubmitReportHandler } from './submit-report/submit-report.handler.js';
import { ReturnReportHandler } from './return-report/return-report.handler.js';
import { AcceptReportHandler } from './accept-report/accept-report.handler.js';
import { GetReportHandler } from './get-report/get-report.handler.js';
import { PrefillReportHandler } from './prefill-report/prefill-report.handler.js';
import { GetReportMatrixHandler } from './get-report-matrix/get-report-matrix.handler.js';
import { GetReportSummaryHandler } from './get-report-summary/get-report-summary.handler.js';
import { ExportReportsHandler } from './export-reports/export-reports.handler.js';
import { ReportQueries } from './read-models/report-queries.js';
import { ReportsProjection } from './read-models/reports.projection.js';
import { ReportNoticeFactsProjection } from './read-models/notice-facts.projection.js';
import { ReportPledgeFactsProjection } from './read-models/pledge-facts.projection.js';
import { ReportingPeriodsController, ReportsController } from './http/reports.http.controller.js';
import { ReportingPeriodQueue, ReportingPeriodSchedule } from './open-reporting-period/reporting-period.schedule.js';

/**
 * 党建工作报告制: reporting periods and obligations, the report aggregate over HTTP, the
 * submission matrix, the figure summary and its Excel export, and report deadlines under the
 * escalation ladder (催报). OrganizationDirectory comes from the (global) AccessModule.
 */
@Module({})
export class ReportingModule implements OnModuleInit {
  constructor(private readonly registry: ProjectionRegistry, private readonly deadlines: DeadlineSources) {}

  /** `env`: the same overrides the app was built with, merged over process.env (REPORTING_DUTIES). */
  static forRoot(env: Record<string, string | undefined> = {}, options: { worker?: boolean } = {}): DynamicModule {
    // Parsed while the composition root is built, before any connection is opened: a bad
    // REPORTING_DUTIES stops the start with a ConfigError naming the variable.
    const settings = ReportingSettings.fromEnv({ ...process.env, ...env });
    return {
      module: ReportingModule,
      imports: [EscalationModule],
      controllers: [ReportingPeriodsController, ReportsController],
      providers: [
        { provide: ReportingSettings, useValue: settings },
        ReportQueries,
        ReportReader,
        ReportCommandShell,
        OpenReportingPeriodHandler,
        SaveReportDraftHandler,
        SubmitReportHandler,
        ReturnReportHandler,
        AcceptReportHandler,
        GetReportHandler,
        PrefillReportHandler,
        GetReportMatrixHandler,
        GetReportSummaryHandler,
        ExportReportsHandler,
        // The queue everywhere (bull-board shows it); the Job Schedulers and their worker on the worker side.
        ReportingPeriodQueue,
        ...(options.worker ? [ReportingPeriodSchedule] : []),
      ],
      exports: [ReportingSettings, ReportQueries],
    };
  }

  onModuleInit(): void {
    this.registry.register(new ReportsProjection());
    this.registry.register(new ReportNoticeFactsProjection());
    this.registry.register(new ReportPledgeFactsProjection());
    this.deadlines.register(reportDeadlineSource);
  }
}

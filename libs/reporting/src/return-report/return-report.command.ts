import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ReportCommandResult } from '../application/report-command.result.js';
import type { ReturnReportRequest } from './return-report.request.dto.js';

/** The supervisor (the parent organisation) returns the submitted report with at least one reason. */
export class ReturnReportCommand extends Command<ReportCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly request: ReturnReportRequest, readonly context: CommandContext) {
    super();
  }
}

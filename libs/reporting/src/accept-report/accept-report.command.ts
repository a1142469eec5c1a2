import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ReportCommandResult } from '../application/report-command.result.js';
import type { AcceptReportRequest } from './accept-report.request.dto.js';

/** The supervisor accepts the submitted report, with an optional opinion (审核意见). */
export class AcceptReportCommand extends Command<ReportCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly request: AcceptReportRequest, readonly context: CommandContext) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ReportCommandResult } from '../application/report-command.result.js';

/** The organisation's clerk submits; late when after the due time (the first submission closes the deadline). */
export class SubmitReportCommand extends Command<ReportCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly context: CommandContext) {
    super();
  }
}

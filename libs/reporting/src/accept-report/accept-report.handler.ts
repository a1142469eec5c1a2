import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReportCommandShell } from '../application/report-command-shell.js';
import type { ReportCommandResult } from '../application/report-command.result.js';
import { AcceptReportCommand } from './accept-report.command.js';

@CommandHandler(AcceptReportCommand)
export class AcceptReportHandler implements ICommandHandler<AcceptReportCommand> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute({ orgId, period, request, context }: AcceptReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({ ...base, type: 'AcceptReport', comment: request.comment ?? null }));
  }
}

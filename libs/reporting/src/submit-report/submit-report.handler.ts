import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReportCommandShell } from '../application/report-command-shell.js';
import type { ReportCommandResult } from '../application/report-command.result.js';
import { SubmitReportCommand } from './submit-report.command.js';

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute({ orgId, period, context }: SubmitReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({ ...base, type: 'SubmitReport' }));
  }
}

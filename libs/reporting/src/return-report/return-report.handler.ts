import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReportCommandShell } from '../application/report-command-shell.js';
import type { ReportCommandResult } from '../application/report-command.result.js';
import { ReturnReportCommand } from './return-report.command.js';

@CommandHandler(ReturnReportCommand)
export class ReturnReportHandler implements ICommandHandler<ReturnReportCommand> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute({ orgId, period, request, context }: ReturnReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({ ...base, type: 'ReturnReport', reasons: request.reasons }));
  }
}

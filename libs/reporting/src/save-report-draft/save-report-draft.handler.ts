import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReportCommandShell } from '../application/report-command-shell.js';
import type { ReportCommandResult } from '../application/report-command.result.js';
import { SaveReportDraftCommand } from './save-report-draft.command.js';

@CommandHandler(SaveReportDraftCommand)
export class SaveReportDraftHandler implements ICommandHandler<SaveReportDraftCommand> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute({ orgId, period, request, context }: SaveReportDraftCommand): Promise<ReportCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({ ...base, type: 'SaveDraft', sections: request.sections, figures: request.figures, prefilled: request.prefilled }));
  }
}

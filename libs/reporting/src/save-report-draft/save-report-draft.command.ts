import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { ReportCommandResult } from '../application/report-command.result.js';
import type { SaveDraftRequest } from './save-report-draft.request.dto.js';

/** The organisation's clerk saves the draft (any number of times until it is submitted). */
export class SaveReportDraftCommand extends Command<ReportCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly request: SaveDraftRequest, readonly context: CommandContext) {
    super();
  }
}

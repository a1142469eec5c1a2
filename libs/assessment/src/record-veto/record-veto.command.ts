import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { AssessmentCommandResult } from '../application/assessment-command-shell.js';
import type { RecordVetoRequest } from './record-veto.request.dto.js';

export class RecordVetoCommand extends Command<AssessmentCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly request: RecordVetoRequest, readonly context: CommandContext) {
    super();
  }
}

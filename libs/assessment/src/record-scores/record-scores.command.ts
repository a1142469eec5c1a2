import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { AssessmentCommandResult } from '../application/assessment-command-shell.js';
import type { RecordScoresRequest } from './record-scores.request.dto.js';

export class RecordScoresCommand extends Command<AssessmentCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly request: RecordScoresRequest, readonly context: CommandContext) {
    super();
  }
}

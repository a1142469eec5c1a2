import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { AssessmentCommandResult } from '../application/assessment-command-shell.js';

export class FinalizeAssessmentCommand extends Command<AssessmentCommandResult> {
  constructor(readonly orgId: string, readonly period: string, readonly context: CommandContext) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';
import type { PledgeEvaluationRequest } from './evaluate-pledge.request.dto.js';

export class EvaluatePledgeCommand extends Command<PledgeCommandResult> {
  constructor(readonly pledgeId: string, readonly request: PledgeEvaluationRequest, readonly context: CommandContext) {
    super();
  }
}

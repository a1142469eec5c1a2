import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';
import type { PledgeProgressRequest } from './progress-pledge-item.request.dto.js';

export class ProgressPledgeItemCommand extends Command<PledgeCommandResult> {
  constructor(readonly pledgeId: string, readonly itemId: string, readonly request: PledgeProgressRequest, readonly context: CommandContext) {
    super();
  }
}

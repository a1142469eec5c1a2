import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';
import type { PledgeInspectionRequest } from './inspect-pledge.request.dto.js';

export class InspectPledgeCommand extends Command<PledgeCommandResult> {
  constructor(readonly pledgeId: string, readonly request: PledgeInspectionRequest, readonly context: CommandContext) {
    super();
  }
}

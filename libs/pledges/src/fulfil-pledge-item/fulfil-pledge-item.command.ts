import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';
import type { PledgeFulfilRequest } from './fulfil-pledge-item.request.dto.js';

export class FulfilPledgeItemCommand extends Command<PledgeCommandResult> {
  constructor(readonly pledgeId: string, readonly itemId: string, readonly request: PledgeFulfilRequest, readonly context: CommandContext) {
    super();
  }
}

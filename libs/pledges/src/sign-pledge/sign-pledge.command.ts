import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { PledgeCommandResult } from '../application/pledge-command-shell.js';

export class SignPledgeCommand extends Command<PledgeCommandResult> {
  constructor(readonly pledgeId: string, readonly context: CommandContext) {
    super();
  }
}

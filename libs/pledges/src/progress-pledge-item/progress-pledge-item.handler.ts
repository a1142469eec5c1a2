import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PledgeCommandShell, type PledgeCommandResult } from '../application/pledge-command-shell.js';
import { ProgressPledgeItemCommand } from './progress-pledge-item.command.js';

/** Progress on an open item, recorded by the target's clerk. */
@CommandHandler(ProgressPledgeItemCommand)
export class ProgressPledgeItemHandler implements ICommandHandler<ProgressPledgeItemCommand> {
  constructor(private readonly shell: PledgeCommandShell) {}

  execute({ pledgeId, itemId, request, context }: ProgressPledgeItemCommand): Promise<PledgeCommandResult> {
    return this.shell.run(pledgeId, context, 'ProgressPledgeItem', (base) => ({ ...base, type: 'ProgressPledgeItem', itemId, note: request.note }));
  }
}

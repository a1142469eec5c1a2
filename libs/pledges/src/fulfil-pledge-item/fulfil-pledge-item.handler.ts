import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PledgeCommandShell, type PledgeCommandResult } from '../application/pledge-command-shell.js';
import { FulfilPledgeItemCommand } from './fulfil-pledge-item.command.js';

/** An item fulfilled with evidence by the target's clerk; the last one completes the pledge. */
@CommandHandler(FulfilPledgeItemCommand)
export class FulfilPledgeItemHandler implements ICommandHandler<FulfilPledgeItemCommand> {
  constructor(private readonly shell: PledgeCommandShell) {}

  execute({ pledgeId, itemId, request, context }: FulfilPledgeItemCommand): Promise<PledgeCommandResult> {
    return this.shell.run(pledgeId, context, 'FulfilPledgeItem', (base) => ({ ...base, type: 'FulfilPledgeItem', itemId, evidence: request.evidence }));
  }
}

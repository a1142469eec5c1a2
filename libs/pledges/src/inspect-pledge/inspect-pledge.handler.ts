import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PledgeCommandShell, type PledgeCommandResult } from '../application/pledge-command-shell.js';
import { InspectPledgeCommand } from './inspect-pledge.command.js';

/** An inspection by the supervisor (rating and findings). */
@CommandHandler(InspectPledgeCommand)
export class InspectPledgeHandler implements ICommandHandler<InspectPledgeCommand> {
  constructor(private readonly shell: PledgeCommandShell) {}

  execute({ pledgeId, request, context }: InspectPledgeCommand): Promise<PledgeCommandResult> {
    return this.shell.run(pledgeId, context, 'InspectPledge', (base) => ({ ...base, type: 'InspectPledge', rating: request.rating, findings: request.findings }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PledgeCommandShell, type PledgeCommandResult } from '../application/pledge-command-shell.js';
import { SignPledgeCommand } from './sign-pledge.command.js';

/** Signs the caller's side (the target's clerk or a supervisor of its parent): a letter is active once both signed; the pledging organisation's signature publishes a public pledge. */
@CommandHandler(SignPledgeCommand)
export class SignPledgeHandler implements ICommandHandler<SignPledgeCommand> {
  constructor(private readonly shell: PledgeCommandShell) {}

  execute({ pledgeId, context }: SignPledgeCommand): Promise<PledgeCommandResult> {
    return this.shell.run(pledgeId, context, 'SignPledge', (base, side) => ({ ...base, type: 'SignPledge', side }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PledgeCommandShell, type PledgeCommandResult } from '../application/pledge-command-shell.js';
import { EvaluatePledgeCommand } from './evaluate-pledge.command.js';

/** An end-of-term evaluation by the supervisor (leader comment, public evaluation score). */
@CommandHandler(EvaluatePledgeCommand)
export class EvaluatePledgeHandler implements ICommandHandler<EvaluatePledgeCommand> {
  constructor(private readonly shell: PledgeCommandShell) {}

  execute({ pledgeId, request, context }: EvaluatePledgeCommand): Promise<PledgeCommandResult> {
    return this.shell.run(pledgeId, context, 'EvaluatePledge', (base) => ({ ...base, type: 'EvaluatePledge', leaderComment: request.leaderComment, publicScore: request.publicScore }));
  }
}

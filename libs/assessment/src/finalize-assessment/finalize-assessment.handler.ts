import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AssessmentCommandShell, type AssessmentCommandResult } from '../application/assessment-command-shell.js';
import { FinalizeAssessmentCommand } from './finalize-assessment.command.js';

/** Finalizing needs a score of every evaluator group (409 naming the missing ones); after it, changes are corrections. */
@CommandHandler(FinalizeAssessmentCommand)
export class FinalizeAssessmentHandler implements ICommandHandler<FinalizeAssessmentCommand> {
  constructor(private readonly shell: AssessmentCommandShell) {}

  execute({ orgId, period, context }: FinalizeAssessmentCommand): Promise<AssessmentCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({ ...base, type: 'FinalizeAssessment' }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AssessmentCommandShell, type AssessmentCommandResult } from '../application/assessment-command-shell.js';
import { RecordVetoCommand } from './record-veto.command.js';

/** 一票否决: a veto item with its reason (or lifting one); a vetoed organisation fails whatever its score. */
@CommandHandler(RecordVetoCommand)
export class RecordVetoHandler implements ICommandHandler<RecordVetoCommand> {
  constructor(private readonly shell: AssessmentCommandShell) {}

  execute({ orgId, period, request, context }: RecordVetoCommand): Promise<AssessmentCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({
      ...base,
      type: 'RecordVeto',
      veto: request.item,
      reason: request.reason,
      lift: request.lift ?? false,
      correctionReason: request.correctionReason ?? null,
    }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AssessmentCommandShell, type AssessmentCommandResult } from '../application/assessment-command-shell.js';
import { RecordScoresCommand } from './record-scores.command.js';

/** Scores of evaluator groups, quantified items and star indices, and the category; the decider checks them against the scheme. */
@CommandHandler(RecordScoresCommand)
export class RecordScoresHandler implements ICommandHandler<RecordScoresCommand> {
  constructor(private readonly shell: AssessmentCommandShell) {}

  execute({ orgId, period, request, context }: RecordScoresCommand): Promise<AssessmentCommandResult> {
    return this.shell.run(orgId, period, context, (base) => ({
      ...base,
      type: 'RecordAssessmentScores',
      groups: request.groups?.map((g) => ({ group: g.group, score: g.score, evaluators: g.evaluators })),
      items: request.items?.map((x) => ({ item: x.item, score: x.score, evidence: x.evidence })),
      indices: request.indices?.map((x) => ({ index: x.index, score: x.score })),
      category: request.category ?? null,
      correctionReason: request.correctionReason ?? null,
    }));
  }
}

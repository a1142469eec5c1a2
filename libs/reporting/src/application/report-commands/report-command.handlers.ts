import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, notFound } from '@app/kernel';
import { CommandRunner, type Actor } from '@app/platform';
import { assertCanActFor, assertCanRead, assertCanSupervise, OrganizationDirectory } from '@app/access';
import { formatPeriod, parsePeriod } from '../../domain/period.js';
import { reportDecider, reportStream, type ReportCommand, type ReportStatus } from '../../domain/report.decider.js';
import { deciderActor, metadataOf, type ReportingCommandOrigin } from '../command-context.js';
import {
  AcceptReportCommand,
  ReturnReportCommand,
  SaveReportDraftCommand,
  SubmitReportCommand,
  type ReportCommandResult,
} from './report.commands.js';

export const REPORT_NOT_FOUND = 'REPORT.NOT_FOUND';

/**
 * The shell shared by the report commands: who may act (the organisation's clerk, or the
 * supervisor of its parent), then load, fold, decide, append through the CommandRunner. The
 * rules of the report itself are the decider's.
 */
@Injectable()
export class ReportCommandShell {
  constructor(
    private readonly runner: CommandRunner,
    private readonly organizations: OrganizationDirectory,
    private readonly clock: Clock,
  ) {}

  async run(
    input: { orgId: string; period: string; actor: Actor; origin: ReportingCommandOrigin },
    role: 'clerk' | 'supervisor',
    build: (base: { now: Date; actor: { userId: string; orgId: string | null } }) => ReportCommand,
  ): Promise<ReportCommandResult> {
    const period = formatPeriod(parsePeriod(input.period));
    const org = await this.organizations.get(input.orgId);
    if (!org) throw notFound(REPORT_NOT_FOUND, 'No such report');
    // Outside the caller's subtree a report does not exist (404); inside it, acting needs the role (403).
    assertCanRead(input.actor, org, REPORT_NOT_FOUND, 'No such report');
    if (role === 'clerk') assertCanActFor(input.actor, org);
    else assertCanSupervise(input.actor, org);
    const now = this.clock.now();
    const outcome = await this.runner.run({
      streamId: reportStream(org.id, period),
      decider: reportDecider,
      command: build({ now, actor: deciderActor(input.actor) }),
      metadata: metadataOf(input.actor, input.origin),
      now,
      expectedRevision: input.origin.expectedRevision ?? null,
    });
    return { orgId: org.id, period, status: outcome.state.status as ReportStatus, revision: outcome.revision };
  }
}

@CommandHandler(SaveReportDraftCommand)
export class SaveReportDraftHandler implements ICommandHandler<SaveReportDraftCommand, ReportCommandResult> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute(command: SaveReportDraftCommand): Promise<ReportCommandResult> {
    return this.shell.run(command, 'clerk', (base) => ({
      type: 'SaveDraft',
      ...base,
      sections: command.content.sections,
      figures: command.content.figures,
      prefilled: command.content.prefilled,
    }));
  }
}

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand, ReportCommandResult> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute(command: SubmitReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(command, 'clerk', (base) => ({ type: 'SubmitReport', ...base }));
  }
}

@CommandHandler(ReturnReportCommand)
export class ReturnReportHandler implements ICommandHandler<ReturnReportCommand, ReportCommandResult> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute(command: ReturnReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(command, 'supervisor', (base) => ({ type: 'ReturnReport', ...base, reasons: command.reasons }));
  }
}

@CommandHandler(AcceptReportCommand)
export class AcceptReportHandler implements ICommandHandler<AcceptReportCommand, ReportCommandResult> {
  constructor(private readonly shell: ReportCommandShell) {}

  execute(command: AcceptReportCommand): Promise<ReportCommandResult> {
    return this.shell.run(command, 'supervisor', (base) => ({ type: 'AcceptReport', ...base, comment: command.comment }));
  }
}

export const REPORT_COMMAND_HANDLERS = [SaveReportDraftHandler, SubmitReportHandler, ReturnReportHandler, AcceptReportHandler];

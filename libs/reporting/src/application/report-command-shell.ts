import { Injectable } from '@nestjs/common';
import { Clock, foldRecorded, notFound } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { OrganizationDirectory } from '@app/access';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import { reportDecider, reportStream, type ReportCommand, type ReportStatus } from '../domain/report.decider.js';
import { authorizeReport, REPORT_NOT_FOUND } from '../domain/report.policy.js';
import type { ReportCommandResult } from './report-command.result.js';

/** A command on a report without what the shell fills in. */
export type ReportCommandBase = Pick<ReportCommand, 'now' | 'actor'>;
type ReportAction = Exclude<ReportCommand, { type: 'OpenReportingObligation' }>;

/**
 * The one path of every command on a report: the period, the clock once, the organisation, the
 * stream read and folded once, the report policy asked once (report.policy.ts), then the runner
 * decides on that state (a concurrent change re-reads) and appends. The rules of the report
 * itself are the decider's.
 */
@Injectable()
export class ReportCommandShell {
  constructor(
    private readonly runner: CommandRunner,
    private readonly store: EventStore,
    private readonly organizations: OrganizationDirectory,
    private readonly clock: Clock,
  ) {}

  async run(orgId: string, periodText: string, context: CommandContext, build: (base: ReportCommandBase) => ReportAction): Promise<ReportCommandResult> {
    const period = formatPeriod(parsePeriod(periodText));
    const now = this.clock.now();
    const command = build({ now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } });
    const org = await this.organizations.get(orgId);
    if (!org) throw notFound(REPORT_NOT_FOUND, 'No such report');
    const streamId = reportStream(org.id, period);
    const history = await this.store.readStream(streamId);
    const state = foldRecorded(reportDecider, history);
    authorizeReport(context.actor, command.type, org, state);
    const outcome = await this.runner.run({
      streamId,
      decider: reportDecider,
      command,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      loaded: { state, revision: history.length === 0 ? -1 : history[history.length - 1]!.streamRevision },
    });
    return { orgId: org.id, period, status: outcome.state.status as ReportStatus, revision: outcome.revision };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, Clock, forbidden } from '@app/kernel';
import { CommandRunner, SYSTEM_ACTOR } from '@app/platform';
import { ACCESS_FORBIDDEN, OrganizationDirectory } from '@app/access';
import { formatPeriod, parsePeriod } from '../../domain/period.js';
import { planObligations, REPORTING_ORG_KINDS, type ReportingOrganisation, type ReportingOrgKind } from '../../domain/reporting-duties.js';
import { reportDecider, reportStream, type ReportCommand } from '../../domain/report.decider.js';
import { ReportQueries } from '../../read-models/report-queries.js';
import { ReportingSettings } from '../reporting-settings.js';
import { deciderActor, metadataOf } from '../command-context.js';
import { OpenReportingPeriod, type OpenReportingPeriodResult } from './open-reporting-period.command.js';

/** Obligations opened at once: enough to be quick for a county's ~400 branches, gentle on the pool. */
const PARALLEL = 8;

@CommandHandler(OpenReportingPeriod)
export class OpenReportingPeriodHandler implements ICommandHandler<OpenReportingPeriod, OpenReportingPeriodResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly organizations: OrganizationDirectory,
    private readonly queries: ReportQueries,
    private readonly settings: ReportingSettings,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute(command: OpenReportingPeriod): Promise<OpenReportingPeriodResult> {
    const period = formatPeriod(parsePeriod(command.period));
    const { actor } = command;
    const everyone = actor.roles.includes('admin') || actor.userId === SYSTEM_ACTOR.userId;
    if (!everyone && !actor.roles.includes('supervisor')) {
      throw forbidden(ACCESS_FORBIDDEN, 'Only a supervisor (for its children) or an administrator may open a reporting period');
    }
    const candidates = everyone
      ? await this.queries.allOrganisations()
      : (await this.organizations.children(actor.orgId)).filter((o) => !o.merged);
    const organisations: ReportingOrganisation[] = candidates
      .filter((o) => (REPORTING_ORG_KINDS as readonly string[]).includes(o.kind))
      .map((o) => ({ id: o.id, kind: o.kind as ReportingOrgKind, parentId: o.parentId }));
    const planned = planObligations(period, organisations, this.settings.duties, this.config.tzBusiness);

    const now = this.clock.now();
    const metadata = metadataOf(actor, command.origin);
    let opened = 0;
    for (let i = 0; i < planned.length; i += PARALLEL) {
      const outcomes = await Promise.all(
        planned.slice(i, i + PARALLEL).map((p) =>
          this.runner.run({
            streamId: reportStream(p.orgId, p.period),
            decider: reportDecider,
            command: {
              type: 'OpenReportingObligation',
              orgId: p.orgId,
              supervisorOrgId: p.supervisorOrgId,
              period: p.period,
              dueAt: p.dueAt,
              now,
              actor: deciderActor(actor),
            } satisfies ReportCommand,
            metadata,
            now,
          }),
        ),
      );
      opened += outcomes.filter((o) => !o.unchanged).length;
    }
    return { period, opened, alreadyOpen: planned.length - opened };
  }
}

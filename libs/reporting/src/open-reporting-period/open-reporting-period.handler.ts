import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { CommandRunner, metadataFor } from '@app/platform';
import { OrganizationDirectory } from '@app/access';
import { formatPeriod, parsePeriod } from '../domain/period.js';
import { planObligations, REPORTING_ORG_KINDS, type ReportingOrganisation, type ReportingOrgKind } from '../domain/reporting-duties.js';
import { reportDecider, reportStream, type ReportCommand } from '../domain/report.decider.js';
import { openingScope } from '../domain/report.policy.js';
import { ReportQueries } from '../read-models/report-queries.js';
import { ReportingSettings } from '../application/reporting-settings.js';
import { OpenReportingPeriodCommand, type OpenReportingPeriodResult } from './open-reporting-period.command.js';

/** Obligations opened at once: enough to be quick for a county's ~400 branches, gentle on the pool. */
const PARALLEL = 8;

@CommandHandler(OpenReportingPeriodCommand)
export class OpenReportingPeriodHandler implements ICommandHandler<OpenReportingPeriodCommand, OpenReportingPeriodResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly organizations: OrganizationDirectory,
    private readonly queries: ReportQueries,
    private readonly settings: ReportingSettings,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute(command: OpenReportingPeriodCommand): Promise<OpenReportingPeriodResult> {
    const period = formatPeriod(parsePeriod(command.period));
    const { actor } = command.context;
    const candidates = openingScope(actor) === 'everyone'
      ? await this.queries.allOrganisations()
      : (await this.organizations.children(actor.orgId)).filter((o) => !o.merged);
    const organisations: ReportingOrganisation[] = candidates
      .filter((o) => (REPORTING_ORG_KINDS as readonly string[]).includes(o.kind))
      .map((o) => ({ id: o.id, kind: o.kind as ReportingOrgKind, parentId: o.parentId }));
    const planned = planObligations(period, organisations, this.settings.duties, this.config.tzBusiness);

    const now = this.clock.now();
    const metadata = metadataFor(command.context);
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
              actor: { userId: actor.userId, orgId: actor.orgId },
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

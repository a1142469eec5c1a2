import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { OrganizationDirectory, supervisedChild } from '@app/access';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { parsePeriod } from '@app/reporting';
import { assessmentDecider, assessmentStream, type AssessmentCommand } from '../domain/assessment.decider.js';
import { AssessmentSettings } from './assessment-settings.js';

export interface AssessmentCommandResult {
  orgId: string;
  period: string;
  revision: number;
  finalized: boolean;
  corrections: number;
}

/** What every assessment command shares, filled in by the shell; the use case adds its own part. */
export type AssessmentCommandBase = Pick<AssessmentCommand, 'orgId' | 'period' | 'supervisorOrgId' | 'actor' | 'now' | 'scheme'>;

/**
 * The one path of every assessment command: the clock once, the period, scope and role (a
 * supervisor of the organisation's parent: 404 outside the caller's subtree, 403 otherwise), the
 * stream read once and handed to the runner, then the decider.
 */
@Injectable()
export class AssessmentCommandShell {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly store: EventStore,
    private readonly organizations: OrganizationDirectory,
    private readonly settings: AssessmentSettings,
  ) {}

  async run(orgId: string, period: string, context: CommandContext, command: (base: AssessmentCommandBase) => AssessmentCommand): Promise<AssessmentCommandResult> {
    const now = this.clock.now();
    parsePeriod(period);
    const org = await supervisedChild(this.organizations, context.actor, orgId);
    const streamId = assessmentStream(org.id, period);
    const history = await this.store.readStream(streamId);
    const base: AssessmentCommandBase = {
      orgId: org.id,
      period,
      supervisorOrgId: org.parentId ?? '',
      actor: { userId: context.actor.userId, orgId: context.actor.orgId },
      now,
      scheme: this.settings.scheme,
    };
    const outcome = await this.runner.run({
      streamId,
      decider: assessmentDecider,
      command: command(base),
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      history,
    });
    const state = outcome.state;
    return { orgId: org.id, period, revision: outcome.revision, finalized: state.exists && state.finalized, corrections: state.exists ? state.corrections : 0 };
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, foldRecorded, notFound, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import type { Actor } from '@app/kernel';
import { OrganizationDirectory } from '@app/access';
import { formatPeriod, parsePeriod, periodEnd, periodStart, previousPeriod } from '../domain/period.js';
import { prefillDraft, type PrefilledDraft } from '../domain/report-prefill.js';
import { reportDecider, reportStatusAt, reportStream, type ReportMatrixStatus, type ReportState } from '../domain/report.decider.js';
import { ReportQueries } from '../read-models/report-queries.js';
import { authorizeReport, REPORT_NOT_FOUND } from '../domain/report.policy.js';

export interface ReportView {
  orgId: string;
  orgName: string;
  supervisorOrgId: string;
  period: string;
  status: ReportMatrixStatus;
  late: boolean;
  dueAt: string;
  originalDueAt: string;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  acceptedAt: string | null;
  acceptComment: string | null;
  escalationLevel: number;
  /** Reasons of the latest return (empty when never returned). */
  returnReasons: string[];
  /** The saved draft (the submitted content once submitted); null before the first save. */
  content: { sections: Record<string, string>; figures: Record<string, number>; prefilled: string[]; savedAt: string } | null;
  /** 一表通: offered while no draft exists, from the previous period and what the system knows. */
  prefill: PrefilledDraft | null;
  revision: number;
  history: Array<{ type: string; at: string; actorId: string | null }>;
}

/**
 * One report as its organisation and supervisor read it, folded from its own stream (so a
 * client sees its own write at once) with the status derived from the clock (overdue).
 */
@Injectable()
export class ReportReader {
  constructor(
    private readonly store: EventStore,
    private readonly organizations: OrganizationDirectory,
    private readonly queries: ReportQueries,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async get(actor: Actor, orgId: string, periodText: string): Promise<ReportView> {
    const { org, period } = await this.readable(actor, orgId, periodText);
    const events = await this.store.readStream(reportStream(org.id, period));
    const state = foldReport(events);
    const status = reportStatusAt(state, this.clock.now());
    if (!status || !state.deadline || !state.supervisorOrgId) throw notFound(REPORT_NOT_FOUND, 'No reporting obligation is open for this organisation and period');
    return {
      orgId: org.id,
      orgName: org.name,
      supervisorOrgId: state.supervisorOrgId,
      period,
      status,
      late: state.late,
      dueAt: state.deadline.dueAt.toISOString(),
      originalDueAt: state.deadline.originalDueAt.toISOString(),
      submittedAt: state.submittedAt?.toISOString() ?? null,
      firstSubmittedAt: state.firstSubmittedAt?.toISOString() ?? null,
      acceptedAt: state.acceptedAt?.toISOString() ?? null,
      acceptComment: state.acceptComment ?? null,
      escalationLevel: state.deadline.escalationLevel,
      returnReasons: state.lastReturnReasons,
      content: state.draft
        ? { sections: state.draft.sections, figures: state.draft.figures, prefilled: state.draft.prefilled, savedAt: state.draft.savedAt.toISOString() }
        : null,
      prefill: state.draft ? null : await this.prefillFor(org.id, period),
      revision: events.length - 1,
      history: events.map((e) => ({ type: e.type, at: e.occurredAt.toISOString(), actorId: e.metadata?.actorId ?? null })),
    };
  }

  /** The prefilled draft for the period, whether or not a draft exists (the clerk may start again from it). */
  async prefill(actor: Actor, orgId: string, periodText: string): Promise<PrefilledDraft> {
    const { org, period } = await this.readable(actor, orgId, periodText);
    return this.prefillFor(org.id, period);
  }

  private async prefillFor(orgId: string, period: string): Promise<PrefilledDraft> {
    const previous = foldReport(await this.store.readStream(reportStream(orgId, previousPeriod(period))));
    const tz = this.config.tzBusiness;
    const known = await this.queries.knownFacts(orgId, periodStart(period, tz), periodEnd(period, tz));
    return prefillDraft(previous.draft?.figures ?? null, known);
  }

  private async readable(actor: Actor, orgId: string, periodText: string) {
    const period = formatPeriod(parsePeriod(periodText));
    const org = await this.organizations.get(orgId);
    if (!org) throw notFound(REPORT_NOT_FOUND, 'No such report');
    authorizeReport(actor, 'read', org);
    return { org, period };
  }
}

function foldReport(events: RecordedEvent[]): ReportState {
  return foldRecorded(reportDecider, events);
}

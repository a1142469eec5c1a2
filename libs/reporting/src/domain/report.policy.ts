import { forbidden, notFound, type Actor } from '@app/kernel';
import { ACCESS_FORBIDDEN, assertCanActFor, assertCanSupervise, canAdminister, canRead, type OrgFacts } from '@app/access';
import type { ReportCommand, ReportState } from './report.decider.js';

export const REPORT_NOT_FOUND = 'REPORT.NOT_FOUND';

/** What the caller wants with a report: to read it, or one of the commands on it. */
export type ReportIntent = 'read' | Exclude<ReportCommand['type'], 'OpenReportingObligation'>;

const CLERK_INTENTS: ReadonlySet<ReportIntent> = new Set(['SaveDraft', 'SubmitReport']);

/**
 * THE answer to "who may do what with a report", pure, consulted once per request with the
 * reporting organisation's facts and the report as folded:
 * 1. outside the caller's subtree a report does not exist: 404 REPORT.NOT_FOUND;
 * 2. the organisation's clerk drafts and submits, a supervisor of its parent returns and accepts
 *    (403 ACCESS.FORBIDDEN);
 * 3. only the supervising organisation recorded when the obligation was opened returns or accepts:
 *    after the organisation moved to another parent, that parent's supervisors did not ask for the
 *    report (403 REPORT.NOT_SUPERVISOR).
 */
export function authorizeReport(
  actor: Actor,
  intent: ReportIntent,
  org: OrgFacts,
  report: Pick<ReportState, 'supervisorOrgId'> = { supervisorOrgId: null },
): void {
  if (!canRead(actor, org)) throw notFound(REPORT_NOT_FOUND, 'No such report');
  if (intent === 'read') return;
  // The clerk of the organisation itself: the organisation the report belongs to, by construction.
  if (CLERK_INTENTS.has(intent)) return assertCanActFor(actor, org);
  assertCanSupervise(actor, org);
  if (report.supervisorOrgId !== null && actor.orgId !== report.supervisorOrgId) {
    throw forbidden('REPORT.NOT_SUPERVISOR', 'Only the supervising organisation may return or accept the report');
  }
}

/**
 * Who opens a reporting period for whom: an administrator (the system's recurring job is one) for
 * every organisation owing a report, a supervisor for its children; anyone else 403.
 */
export function openingScope(actor: Actor): 'everyone' | 'children' {
  if (canAdminister(actor)) return 'everyone';
  if (actor.roles.includes('supervisor')) return 'children';
  throw forbidden(ACCESS_FORBIDDEN, 'Only a supervisor (for its children) or an administrator may open a reporting period');
}

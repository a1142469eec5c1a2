import { lightOf, isoOrNull, subjectTimeline, type EscalationLevel, type Light, type RecordedEvent, type SubjectTimelineEntry } from '@app/kernel';
import type { Notice, NoticeItemStatus, NoticeStatus } from '../domain/notice.decider.js';
import type { NoticeSeverity } from '../domain/notice.events.js';

/** "A notice as read" (DESIGN §7), with a few more fields the screens use. */
export interface NoticeView {
  id: string;
  issuerOrgId: string;
  targetOrgId: string;
  title: string;
  basis: string | null;
  severity: NoticeSeverity;
  status: NoticeStatus;
  issuedAt: string;
  issuedBy: string;
  acknowledgedAt: string | null;
  acknowledgedLate: boolean;
  closedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  items: Array<{
    id: string;
    problem: string;
    requiredAction: string;
    status: NoticeItemStatus;
    reworkCount: number;
    evidence: string | null;
    dueAt: string | null;
    lastRejectionReason: string | null;
    /** 核实意见 of the verification. */
    verificationComment: string | null;
  }>;
  deadline: {
    originalDueAt: string;
    dueAt: string;
    light: Light;
    escalationLevel: EscalationLevel;
    extensions: number;
    calendarVersion: string | null;
  };
  extensionRequests: Array<{
    id: string;
    requestedDueAt: string;
    reason: string;
    status: string;
    requestedAt: string;
    decidedAt: string | null;
    denialReason: string | null;
    grantComment: string | null;
  }>;
  progressNotes: number;
  revision: number;
  timeline: SubjectTimelineEntry[];
}

/** The light is computed here, at read time, from the clock: it never goes stale. */
export function toNoticeView(notice: Notice, history: RecordedEvent[], now: Date, yellowWithinMs: number): NoticeView {
  return {
    id: notice.id,
    issuerOrgId: notice.issuerOrgId,
    targetOrgId: notice.targetOrgId,
    title: notice.title,
    basis: notice.basis,
    severity: notice.severity,
    status: notice.status,
    issuedAt: notice.issuedAt.toISOString(),
    issuedBy: notice.issuedBy,
    acknowledgedAt: isoOrNull(notice.acknowledgedAt),
    acknowledgedLate: notice.acknowledgedLate,
    closedAt: isoOrNull(notice.closedAt),
    withdrawnAt: isoOrNull(notice.withdrawnAt),
    withdrawReason: notice.withdrawReason,
    items: notice.items.map((item) => ({
      id: item.id,
      problem: item.problem,
      requiredAction: item.requiredAction,
      status: item.status,
      reworkCount: item.reworkCount,
      evidence: item.evidence,
      dueAt: isoOrNull(item.dueAt),
      lastRejectionReason: item.lastRejectionReason,
      // ?? null: states folded before the field existed (kept in read models) lack it.
      verificationComment: item.verificationComment ?? null,
    })),
    deadline: {
      originalDueAt: notice.deadline.originalDueAt.toISOString(),
      dueAt: notice.deadline.dueAt.toISOString(),
      light: lightOf(notice.deadline, now, yellowWithinMs),
      escalationLevel: notice.deadline.escalationLevel,
      extensions: notice.deadline.extensions,
      calendarVersion: notice.calendarVersion,
    },
    extensionRequests: notice.extensionRequests.map((request) => ({
      id: request.id,
      requestedDueAt: request.requestedDueAt.toISOString(),
      reason: request.reason,
      status: request.status,
      requestedAt: request.requestedAt.toISOString(),
      decidedAt: isoOrNull(request.decidedAt),
      denialReason: request.denialReason,
      grantComment: request.grantComment ?? null,
    })),
    progressNotes: notice.progressNotes,
    revision: history[history.length - 1]?.streamRevision ?? -1,
    timeline: subjectTimeline(history),
  };
}

import {
  assertNever,
  type Actor,
  closeDeadline,
  conflict,
  Deadline,
  Decider,
  DomainEvent,
  evolveDeadlineWithLadderEvent,
  FieldError,
  invalid,
  isLadderEvent,
  LadderEventData,
  LadderEventType,
  isPastDue,
  notFound,
  openDeadline,
  optionalComment,
} from '@app/kernel';
import { formatPeriod, parsePeriod } from './period.js';
import { REPORT_FIGURES } from './report-prefill.js';

/**
 * A report (党建工作报告) of one organisation for one period, on its own stream. The
 * organisation drafts and submits; its supervisor (the parent) returns or accepts.
 */
export function reportStream(orgId: string, period: string): string {
  // Org ids are slugs that may contain dashes, so the stream id is not parsed back:
  // every event carries orgId and period.
  return `report-${orgId}-${formatPeriod(parsePeriod(period))}`;
}

// ---- commands ----

interface CommandBase {
  now: Date;
  /** Who acts (recorded in the events); whether they may is the report policy's question (report.policy.ts). */
  actor: Pick<Actor, 'userId' | 'orgId'>;
}

export interface OpenReportingObligation extends CommandBase {
  type: 'OpenReportingObligation';
  orgId: string;
  supervisorOrgId: string;
  period: string;
  dueAt: Date;
}

export interface SaveDraft extends CommandBase {
  type: 'SaveDraft';
  sections: Record<string, string>;
  figures: Record<string, number>;
  /** Figure names the client took over from `prefillDraft` (一表通); recorded on the event. */
  prefilled?: string[];
}

export interface SubmitReport extends CommandBase {
  type: 'SubmitReport';
}

export interface ReturnReport extends CommandBase {
  type: 'ReturnReport';
  reasons: string[];
}

export interface AcceptReport extends CommandBase {
  type: 'AcceptReport';
  /** 审核意见: the supervisor's opinion, optional. */
  comment?: string | null;
}

export type ReportCommand = OpenReportingObligation | SaveDraft | SubmitReport | ReturnReport | AcceptReport;

// ---- events ----

type ReportRef = {
  orgId: string;
  period: string;
};

export type ReportingObligationOpened = DomainEvent<
  'ReportingObligationOpened',
  ReportRef & { supervisorOrgId: string; dueAt: string; openedAt: string; openedBy: string }
>;
export type ReportDraftSaved = DomainEvent<
  'ReportDraftSaved',
  ReportRef & { sections: Record<string, string>; figures: Record<string, number>; prefilled: string[]; savedAt: string; savedBy: string }
>;
export type ReportSubmitted = DomainEvent<
  'ReportSubmitted',
  ReportRef & { submittedAt: string; submittedBy: string; dueAt: string; late: boolean }
>;
export type ReportReturned = DomainEvent<'ReportReturned', ReportRef & { reasons: string[]; returnedAt: string; returnedBy: string }>;
export type ReportAccepted = DomainEvent<'ReportAccepted', ReportRef & { acceptedAt: string; acceptedBy: string; comment?: string }>;
/** Appended by the escalation ladder (催报 and what follows), folded here into the deadline. */
// Pick turns the kernel's interface into a plain object type, which DomainEvent's data accepts.
export type ReportLadderEvent = DomainEvent<LadderEventType, Pick<LadderEventData, keyof LadderEventData>>;

export type ReportEvent = ReportingObligationOpened | ReportDraftSaved | ReportSubmitted | ReportReturned | ReportAccepted | ReportLadderEvent;

// ---- state ----

/** 待报 / 草稿 / 已报 / 退回 / 已审. "Overdue" is not stored: see `reportStatusAt`. */
export type ReportStatus = 'due' | 'draft' | 'submitted' | 'returned' | 'accepted';
export type ReportMatrixStatus = ReportStatus | 'overdue';

export interface ReportDraft {
  sections: Record<string, string>;
  figures: Record<string, number>;
  prefilled: string[];
  savedAt: Date;
}

export interface ReportHistoryEntry {
  type: string;
  /** Null for ladder events, whose data carries no time (the envelope's occurredAt has it). */
  at: Date | null;
  by: string | null;
}

export interface ReportState {
  /** 'none' until the obligation is opened. */
  status: 'none' | ReportStatus;
  orgId: string | null;
  supervisorOrgId: string | null;
  period: string | null;
  /**
   * Kind 'report'. Closed by the first submission: the ladder (催报, overdue, warning,
   * escalation) stops once the organisation has reported. A return does not reopen it; the
   * rework is between the organisation and its supervisor.
   */
  deadline: Deadline | null;
  draft: ReportDraft | null;
  firstSubmittedAt: Date | null;
  /** Whether the first submission came after the due time (迟报); a resubmission after a return is rework, not lateness. */
  firstSubmissionLate: boolean | null;
  submittedAt: Date | null;
  /** Whether the latest submission came after the due time. */
  late: boolean;
  submissions: number;
  lastReturnReasons: string[];
  acceptedAt: Date | null;
  /** The opinion given on accepting (null: none). */
  acceptComment: string | null;
  history: ReportHistoryEntry[];
}

export function initialReportState(): ReportState {
  return {
    status: 'none',
    orgId: null,
    supervisorOrgId: null,
    period: null,
    deadline: null,
    draft: null,
    firstSubmittedAt: null,
    firstSubmissionLate: null,
    submittedAt: null,
    late: false,
    submissions: 0,
    lastReturnReasons: [],
    acceptedAt: null,
    acceptComment: null,
    history: [],
  };
}

// ---- limits on what a draft may hold (a report is a form, not a file store) ----

export const REPORT_LIMITS = {
  maxSections: 30,
  maxSectionNameLength: 100,
  maxSectionLength: 20_000,
  maxTotalTextLength: 200_000,
  maxFigures: 100,
  maxFigureNameLength: 100,
  maxFigureValue: 1_000_000_000_000,
  maxReasons: 20,
  maxReasonLength: 2_000,
};

// ---- decide ----

export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  switch (command.type) {
    case 'OpenReportingObligation':
      return open(command, state);
    case 'SaveDraft':
      return saveDraft(command, state);
    case 'SubmitReport':
      return submit(command, state);
    case 'ReturnReport':
      return returnReport(command, state);
    case 'AcceptReport':
      return accept(command, state);
    default:
      return assertNever(command, 'report command');
  }
}

function open(command: OpenReportingObligation, state: ReportState): ReportEvent[] {
  // The opening job runs again after a crash or on the next tick: the first opening stands.
  if (state.status !== 'none') return [];
  const errors: FieldError[] = [];
  if (!nonBlank(command.orgId)) errors.push({ field: 'orgId', messages: ['must be a non-empty organisation id'] });
  if (!nonBlank(command.supervisorOrgId)) errors.push({ field: 'supervisorOrgId', messages: ['must be a non-empty organisation id'] });
  else if (command.supervisorOrgId === command.orgId) errors.push({ field: 'supervisorOrgId', messages: ['must differ from orgId'] });
  if (!validDate(command.dueAt)) errors.push({ field: 'dueAt', messages: ['must be a valid instant'] });
  if (errors.length > 0) throw invalid('REPORT.INVALID_OBLIGATION', 'The reporting obligation is not valid', errors);
  const period = formatPeriod(parsePeriod(command.period));
  return [
    {
      type: 'ReportingObligationOpened',
      data: {
        orgId: command.orgId,
        supervisorOrgId: command.supervisorOrgId,
        period,
        dueAt: command.dueAt.toISOString(),
        openedAt: command.now.toISOString(),
        openedBy: command.actor.userId,
      },
    },
  ];
}

function saveDraft(command: SaveDraft, state: ReportState): ReportEvent[] {
  const opened = requireOpened(state);
  if (opened.status === 'submitted' || opened.status === 'accepted') {
    throw conflict('REPORT.NOT_EDITABLE', `The report is ${opened.status} and can no longer be edited`, { status: opened.status });
  }
  const { sections, figures, prefilled } = validateDraft(command);
  if (opened.draft && sameContent(opened.draft, { sections, figures, prefilled })) return [];
  return [
    {
      type: 'ReportDraftSaved',
      data: { ...ref(opened), sections, figures, prefilled, savedAt: command.now.toISOString(), savedBy: command.actor.userId },
    },
  ];
}

function submit(command: SubmitReport, state: ReportState): ReportEvent[] {
  const opened = requireOpened(state);
  if (opened.status === 'submitted') throw conflict('REPORT.ALREADY_SUBMITTED', 'The report is already submitted and awaits review');
  if (opened.status === 'accepted') throw conflict('REPORT.ALREADY_ACCEPTED', 'The report has been accepted');
  if (!opened.draft) throw conflict('REPORT.NO_DRAFT', 'Save a draft before submitting the report');
  const dueAt = opened.deadline.dueAt;
  return [
    {
      type: 'ReportSubmitted',
      data: {
        ...ref(opened),
        submittedAt: command.now.toISOString(),
        submittedBy: command.actor.userId,
        dueAt: dueAt.toISOString(),
        late: isPastDue(dueAt, command.now),
      },
    },
  ];
}

function returnReport(command: ReturnReport, state: ReportState): ReportEvent[] {
  const opened = requireOpened(state);
  requireSubmitted(opened);
  const reasons = validateReasons(command.reasons);
  return [
    {
      type: 'ReportReturned',
      data: { ...ref(opened), reasons, returnedAt: command.now.toISOString(), returnedBy: command.actor.userId },
    },
  ];
}

function accept(command: AcceptReport, state: ReportState): ReportEvent[] {
  const opened = requireOpened(state);
  const comment = optionalComment('REPORT.INVALID_COMMENT', 'comment', command.comment);
  requireSubmitted(opened);
  return [
    {
      type: 'ReportAccepted',
      data: { ...ref(opened), acceptedAt: command.now.toISOString(), acceptedBy: command.actor.userId, ...(comment === null ? {} : { comment }) },
    },
  ];
}

// ---- rules ----

type OpenedReport = ReportState & { status: ReportStatus; orgId: string; supervisorOrgId: string; period: string; deadline: Deadline };

function requireOpened(state: ReportState): OpenedReport {
  if (state.status === 'none' || !state.deadline) {
    throw notFound('REPORT.NO_OBLIGATION', 'No reporting obligation is open for this organisation and period');
  }
  return state as OpenedReport;
}

function requireSubmitted(report: OpenedReport): void {
  if (report.status !== 'submitted') {
    throw conflict('REPORT.NOT_SUBMITTED', `The report is ${report.status}, not submitted`, { status: report.status });
  }
}

function ref(report: OpenedReport): ReportRef {
  return { orgId: report.orgId, period: report.period };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// No control characters in names: they end up as form labels and column headers.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function validName(name: string, maxLength: number): string | null {
  if (name.trim() === '') return 'name must not be blank';
  if (name !== name.trim()) return 'name must not start or end with spaces';
  if (name.length > maxLength) return `name must be at most ${maxLength} characters`;
  if (CONTROL.test(name)) return 'name must not contain control characters';
  if (FORBIDDEN_KEYS.has(name)) return 'name is reserved';
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a draft and returns a clean copy; every failure is reported with its field. */
export function validateDraft(input: { sections: unknown; figures: unknown; prefilled?: unknown }): {
  sections: Record<string, string>;
  figures: Record<string, number>;
  prefilled: string[];
} {
  const L = REPORT_LIMITS;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, messages: [message] });
  const sections: Record<string, string> = {};
  const figures: Record<string, number> = {};
  let prefilled: string[] = [];

  if (!isPlainObject(input.sections)) {
    fail('sections', 'must be an object of section name to text');
  } else {
    const entries = Object.entries(input.sections);
    if (entries.length > L.maxSections) fail('sections', `must have at most ${L.maxSections} sections`);
    let total = 0;
    for (const [name, text] of entries.slice(0, L.maxSections)) {
      const nameProblem = validName(name, L.maxSectionNameLength);
      if (nameProblem) fail(`sections.${name}`, nameProblem);
      else if (typeof text !== 'string') fail(`sections.${name}`, 'must be text');
      else if (text.length > L.maxSectionLength) fail(`sections.${name}`, `must be at most ${L.maxSectionLength} characters`);
      else {
        sections[name] = text;
        total += text.length;
      }
    }
    if (total > L.maxTotalTextLength) fail('sections', `must hold at most ${L.maxTotalTextLength} characters in all`);
  }

  if (!isPlainObject(input.figures)) {
    fail('figures', 'must be an object of figure name to number');
  } else {
    const entries = Object.entries(input.figures);
    if (entries.length > L.maxFigures) fail('figures', `must have at most ${L.maxFigures} figures`);
    for (const [name, value] of entries.slice(0, L.maxFigures)) {
      const field = `figures.${name}`;
      const nameProblem = validName(name, L.maxFigureNameLength);
      const unit = (REPORT_FIGURES as Record<string, 'count' | 'amount'>)[name] ?? 'amount';
      if (nameProblem) fail(field, nameProblem);
      else if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'must be a number');
      else if (value < 0) fail(field, 'must not be negative');
      else if (value > L.maxFigureValue) fail(field, `must be at most ${L.maxFigureValue}`);
      else if (unit === 'count' && !Number.isInteger(value)) fail(field, 'must be a whole number');
      // toFixed(2) round-trips exactly when the value has at most 2 decimals (0.29 yes, 0.291 no).
      else if (Number(value.toFixed(2)) !== value) fail(field, 'must have at most 2 decimals');
      else figures[name] = value;
    }
  }

  if (input.prefilled !== undefined) {
    if (!Array.isArray(input.prefilled) || input.prefilled.some((n) => typeof n !== 'string')) {
      fail('prefilled', 'must be a list of figure names');
    } else {
      prefilled = [...new Set(input.prefilled as string[])];
      const unknown = prefilled.filter((name) => !isPlainObject(input.figures) || !Object.hasOwn(input.figures, name));
      if (unknown.length > 0) fail('prefilled', `names figures the draft does not have: ${unknown.join(', ')}`);
    }
  }

  if (errors.length > 0) throw invalid('REPORT.INVALID_DRAFT', `The draft is not valid: ${errors.map((e) => e.field).join(', ')}`, errors);
  return { sections, figures, prefilled };
}

function validateReasons(input: unknown): string[] {
  const L = REPORT_LIMITS;
  const fail = (message: string) => invalid('REPORT.INVALID_REASONS', `Return reasons: ${message}`, [{ field: 'reasons', messages: [message] }]);
  if (!Array.isArray(input) || input.some((r) => typeof r !== 'string')) throw fail('must be a list of texts');
  const reasons = (input as string[]).map((r) => r.trim()).filter((r) => r !== '');
  if (reasons.length === 0) throw fail('give at least one non-empty reason');
  if (reasons.length > L.maxReasons) throw fail(`give at most ${L.maxReasons} reasons`);
  if (reasons.some((r) => r.length > L.maxReasonLength)) throw fail(`each reason must be at most ${L.maxReasonLength} characters`);
  return reasons;
}

function sameContent(
  a: Pick<ReportDraft, 'sections' | 'figures' | 'prefilled'>,
  b: Pick<ReportDraft, 'sections' | 'figures' | 'prefilled'>,
): boolean {
  const sameRecord = (x: Record<string, unknown>, y: Record<string, unknown>) =>
    Object.keys(x).length === Object.keys(y).length && Object.keys(x).every((k) => Object.hasOwn(y, k) && x[k] === y[k]);
  const samePrefilled = a.prefilled.length === b.prefilled.length && a.prefilled.every((n) => b.prefilled.includes(n));
  return sameRecord(a.sections, b.sections) && sameRecord(a.figures, b.figures) && samePrefilled;
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

// ---- evolve ----

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  if (isLadderEvent(event.type)) {
    const ladder = event as ReportLadderEvent;
    return {
      ...state,
      deadline: state.deadline ? evolveDeadlineWithLadderEvent(state.deadline, ladder.type, ladder.data) : state.deadline,
      history: [...state.history, { type: ladder.type, at: null, by: null }],
    };
  }
  const e = event as Exclude<ReportEvent, ReportLadderEvent>;
  switch (e.type) {
    case 'ReportingObligationOpened': {
      const openedAt = new Date(e.data.openedAt);
      return {
        ...state,
        status: 'due',
        orgId: e.data.orgId,
        supervisorOrgId: e.data.supervisorOrgId,
        period: e.data.period,
        deadline: openDeadline('report', new Date(e.data.dueAt)),
        history: [...state.history, { type: e.type, at: openedAt, by: e.data.openedBy }],
      };
    }
    case 'ReportDraftSaved': {
      const savedAt = new Date(e.data.savedAt);
      return {
        ...state,
        // A returned report stays "returned" while it is reworked, so the supervisor's matrix
        // keeps showing 退回 until it comes back.
        status: state.status === 'returned' ? 'returned' : 'draft',
        draft: { sections: e.data.sections, figures: e.data.figures, prefilled: e.data.prefilled, savedAt },
        history: [...state.history, { type: e.type, at: savedAt, by: e.data.savedBy }],
      };
    }
    case 'ReportSubmitted': {
      const submittedAt = new Date(e.data.submittedAt);
      return {
        ...state,
        status: 'submitted',
        submittedAt,
        firstSubmittedAt: state.firstSubmittedAt ?? submittedAt,
        firstSubmissionLate: state.firstSubmissionLate ?? e.data.late,
        late: e.data.late,
        submissions: state.submissions + 1,
        deadline: state.deadline && state.deadline.status === 'open' ? closeDeadline(state.deadline, submittedAt) : state.deadline,
        history: [...state.history, { type: e.type, at: submittedAt, by: e.data.submittedBy }],
      };
    }
    case 'ReportReturned': {
      const returnedAt = new Date(e.data.returnedAt);
      return {
        ...state,
        status: 'returned',
        lastReturnReasons: e.data.reasons,
        history: [...state.history, { type: e.type, at: returnedAt, by: e.data.returnedBy }],
      };
    }
    case 'ReportAccepted': {
      const acceptedAt = new Date(e.data.acceptedAt);
      return {
        ...state,
        status: 'accepted',
        acceptedAt,
        acceptComment: e.data.comment ?? null,
        history: [...state.history, { type: e.type, at: acceptedAt, by: e.data.acceptedBy }],
      };
    }
    default:
      return assertNever(e, 'report event');
  }
}

/** How often the supervisor returned the report. */
export function returnsOf(state: Pick<ReportState, 'history'>): number {
  return state.history.filter((entry) => entry.type === 'ReportReturned').length;
}

export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  initialState: initialReportState,
  decide: decideReport,
  evolve: evolveReport,
};

// ---- read-time status ----

/** 逾期未报: not yet submitted and past the due time. Derived from the clock, never stored. */
export function deriveReportStatus(status: ReportStatus, dueAt: Date, now: Date): ReportMatrixStatus {
  if ((status === 'due' || status === 'draft') && isPastDue(dueAt, now)) return 'overdue';
  return status;
}

/** The matrix status of a folded report at `now`; null when no obligation is open. */
export function reportStatusAt(state: Pick<ReportState, 'status' | 'deadline'>, now: Date): ReportMatrixStatus | null {
  if (state.status === 'none' || !state.deadline) return null;
  return deriveReportStatus(state.status, state.deadline.dueAt, now);
}

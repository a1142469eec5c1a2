import {
  assertNever,
  closeDeadline,
  conflict,
  invalid,
  optionalComment,
  isLadderEvent,
  moveDeadline,
  notFound,
  openDeadline,
  withdrawDeadline,
  evolveDeadlineWithLadderEvent,
  isOnTime,
  isPastDue,
  type Deadline,
  type Decider,
  type FieldError,
} from '@app/kernel';
import type {
  AcknowledgeNotice,
  AddProgressNote,
  DenyExtension,
  GrantExtension,
  IssueNotice,
  NoticeCommand,
  RectifyItem,
  RejectItem,
  RequestExtension,
  VerifyItem,
  WithdrawNotice,
} from './notice.commands.js';
import { NOTICE_SEVERITIES, type NoticeEvent, type NoticeLadderEvent, type NoticeSeverity } from './notice.events.js';

export const noticeStream = (id: string): string => `notice-${id}`;

export const NOTICE_STATUSES = ['issued', 'in_progress', 'closed', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export type NoticeItemStatus = 'open' | 'reported' | 'verified';
export type ExtensionRequestStatus = 'pending' | 'granted' | 'denied';

export interface NoticeItem {
  id: string;
  problem: string;
  requiredAction: string;
  status: NoticeItemStatus;
  reworkCount: number;
  /** The evidence of the latest rectification (申请销号). */
  evidence: string | null;
  /** A rework due time set on rejection; otherwise the notice's due time applies. */
  dueAt: Date | null;
  lastRejectionReason: string | null;
  /** 核实意见 given when it was verified (null: none, or not verified). */
  verificationComment: string | null;
}

export interface ExtensionRequest {
  id: string;
  requestedDueAt: Date;
  reason: string;
  status: ExtensionRequestStatus;
  requestedAt: Date;
  decidedAt: Date | null;
  denialReason: string | null;
  /** The issuer's comment when it granted the request. */
  grantComment: string | null;
}

export interface Notice {
  exists: true;
  id: string;
  issuerOrgId: string;
  targetOrgId: string;
  issuedBy: string;
  issuedAt: Date;
  title: string;
  basis: string | null;
  severity: NoticeSeverity;
  items: NoticeItem[];
  status: NoticeStatus;
  acknowledgedAt: Date | null;
  acknowledgedLate: boolean;
  deadline: Deadline;
  calendarVersion: string | null;
  extensionRequests: ExtensionRequest[];
  progressNotes: number;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

export type NoticeState = { exists: false } | Notice;

/** Stable codes; the kind of each error decides its HTTP status. */
export const NOTICE_ERRORS = {
  NOT_FOUND: 'NOTICE.NOT_FOUND',
  ALREADY_EXISTS: 'NOTICE.ALREADY_EXISTS',
  CLOSED: 'NOTICE.CLOSED',
  WITHDRAWN: 'NOTICE.WITHDRAWN',
  NOT_ISSUER: 'NOTICE.NOT_ISSUER',
  NOT_PARTY: 'NOTICE.NOT_PARTY',
  INVALID: 'NOTICE.INVALID',
  SELF_TARGET: 'NOTICE.SELF_TARGET',
  DUE_AT_IN_PAST: 'NOTICE.DUE_AT_IN_PAST',
  TEXT_REQUIRED: 'NOTICE.TEXT_REQUIRED',
  EVIDENCE_REQUIRED: 'NOTICE.EVIDENCE_REQUIRED',
  REASON_REQUIRED: 'NOTICE.REASON_REQUIRED',
  ALREADY_ACKNOWLEDGED: 'NOTICE.ALREADY_ACKNOWLEDGED',
  NOT_ACKNOWLEDGED: 'NOTICE.NOT_ACKNOWLEDGED',
  ITEM_NOT_FOUND: 'NOTICE.ITEM_NOT_FOUND',
  ITEM_NOT_OPEN: 'NOTICE.ITEM_NOT_OPEN',
  ITEM_NOT_REPORTED: 'NOTICE.ITEM_NOT_REPORTED',
  EXTENSION_TOO_LATE: 'NOTICE.EXTENSION_TOO_LATE',
  EXTENSION_NOT_LATER: 'NOTICE.EXTENSION_NOT_LATER',
  EXTENSION_PENDING: 'NOTICE.EXTENSION_PENDING',
  EXTENSION_LIMIT: 'NOTICE.EXTENSION_LIMIT',
  EXTENSION_NOT_FOUND: 'NOTICE.EXTENSION_NOT_FOUND',
  EXTENSION_NOT_PENDING: 'NOTICE.EXTENSION_NOT_PENDING',
  EXTENSION_OBSOLETE: 'NOTICE.EXTENSION_OBSOLETE',
} as const;

export function initialNoticeState(): NoticeState {
  return { exists: false };
}

// ---------------------------------------------------------------- rules

const blank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';
const validDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

/**
 * Loads the notice for a command on an existing one: it exists and is still open. Who may act
 * for which side (and that the acting organisation is the one the notice names) is decided
 * before, once, by the notice's access policy (notice.policy.ts).
 */
function openNotice(state: NoticeState): Notice {
  if (!state.exists) throw notFound(NOTICE_ERRORS.NOT_FOUND, 'No such notice');
  if (state.status === 'closed') throw conflict(NOTICE_ERRORS.CLOSED, 'The notice is closed', { noticeStatus: state.status });
  if (state.status === 'withdrawn') throw conflict(NOTICE_ERRORS.WITHDRAWN, 'The notice has been withdrawn', { noticeStatus: state.status });
  return state;
}

function itemOf(notice: Notice, itemId: string): NoticeItem {
  const item = notice.items.find((candidate) => candidate.id === itemId);
  if (!item) throw notFound(NOTICE_ERRORS.ITEM_NOT_FOUND, `The notice has no item "${itemId}"`);
  return item;
}

function requireText(code: string, field: string, text: unknown): string {
  if (blank(text)) throw invalid(code, `${field} must not be empty`, [{ field, messages: [`${field} must not be empty`] }]);
  return (text as string).trim();
}

function requireFuture(field: string, value: unknown, now: Date): Date {
  if (!validDate(value)) throw invalid(NOTICE_ERRORS.INVALID, `${field} is not a valid instant`, [{ field, messages: ['not a valid instant'] }]);
  if (value.getTime() <= now.getTime()) {
    throw invalid(NOTICE_ERRORS.DUE_AT_IN_PAST, `${field} must be in the future`, [{ field, messages: ['must be in the future'] }]);
  }
  return value;
}

// ---------------------------------------------------------------- decide

function issue(command: IssueNotice, state: NoticeState): NoticeEvent[] {
  if (state.exists) throw conflict(NOTICE_ERRORS.ALREADY_EXISTS, 'A notice with this id already exists');
  const errors: FieldError[] = [];
  const problem = (field: string, message: string) => errors.push({ field, messages: [message] });
  if (blank(command.targetOrgId)) problem('targetOrgId', 'must not be empty');
  if (blank(command.title)) problem('title', 'must not be empty');
  if (command.severity !== undefined && !NOTICE_SEVERITIES.includes(command.severity)) problem('severity', 'must be normal or major');
  if (!Array.isArray(command.items) || command.items.length === 0) problem('items', 'a notice needs at least one item');
  (command.items ?? []).forEach((item, index) => {
    if (blank(item?.problem)) problem(`items.${index}.problem`, 'must not be empty');
    if (blank(item?.requiredAction)) problem(`items.${index}.requiredAction`, 'must not be empty');
  });
  if (errors.length > 0) throw invalid(NOTICE_ERRORS.INVALID, 'The notice is incomplete', errors);
  if (command.targetOrgId === command.actor.orgId) throw invalid(NOTICE_ERRORS.SELF_TARGET, 'An organisation cannot issue a notice to itself');
  const dueAt = requireFuture('dueAt', command.dueAt, command.now);
  return [
    {
      type: 'NoticeIssued',
      data: {
        noticeId: command.noticeId,
        issuerOrgId: command.actor.orgId,
        targetOrgId: command.targetOrgId,
        issuedBy: command.actor.userId,
        title: command.title.trim(),
        basis: blank(command.basis) ? null : (command.basis as string).trim(),
        severity: command.severity ?? 'normal',
        items: command.items.map((item, index) => ({
          id: String(index + 1),
          problem: item.problem.trim(),
          requiredAction: item.requiredAction.trim(),
        })),
        dueAt: dueAt.toISOString(),
        calendarVersion: command.calendarVersion ?? null,
        at: command.now.toISOString(),
      },
    },
  ];
}

function acknowledge(command: AcknowledgeNotice, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  if (notice.acknowledgedAt) throw conflict(NOTICE_ERRORS.ALREADY_ACKNOWLEDGED, 'The notice was already acknowledged');
  return [
    {
      type: 'NoticeAcknowledged',
      data: {
        acknowledgedBy: command.actor.userId,
        at: command.now.toISOString(),
        dueAt: notice.deadline.dueAt.toISOString(),
        // Signing for it after the due time is allowed, and recorded.
        late: isPastDue(notice.deadline.dueAt, command.now),
      },
    },
  ];
}

function addProgressNote(command: AddProgressNote, state: NoticeState): NoticeEvent[] {
  openNotice(state);
  const text = requireText(NOTICE_ERRORS.TEXT_REQUIRED, 'text', command.text);
  return [{ type: 'ProgressNoteAdded', data: { text, byOrgId: command.actor.orgId, by: command.actor.userId, at: command.now.toISOString() } }];
}

function rectify(command: RectifyItem, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const item = itemOf(notice, command.itemId);
  const evidence = requireText(NOTICE_ERRORS.EVIDENCE_REQUIRED, 'evidence', command.evidence);
  // 签收 comes first: rectification is reported against a notice the target has signed for.
  if (!notice.acknowledgedAt) throw conflict(NOTICE_ERRORS.NOT_ACKNOWLEDGED, 'Acknowledge the notice before reporting rectification');
  if (item.status !== 'open') throw conflict(NOTICE_ERRORS.ITEM_NOT_OPEN, `Item ${item.id} is ${item.status}, not open`, { itemStatus: item.status });
  const due = item.dueAt ?? notice.deadline.dueAt;
  return [
    {
      type: 'ItemRectified',
      data: { itemId: item.id, evidence, at: command.now.toISOString(), late: isPastDue(due, command.now) },
    },
  ];
}

function verify(command: VerifyItem, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const item = itemOf(notice, command.itemId);
  const comment = optionalComment(NOTICE_ERRORS.INVALID, 'comment', command.comment);
  if (item.status !== 'reported') throw conflict(NOTICE_ERRORS.ITEM_NOT_REPORTED, `Item ${item.id} is ${item.status}, not reported`, { itemStatus: item.status });
  const at = command.now.toISOString();
  const events: NoticeEvent[] = [{ type: 'ItemVerified', data: { itemId: item.id, at, ...(comment === null ? {} : { comment }) } }];
  const lastOne = notice.items.every((other) => other.id === item.id || other.status === 'verified');
  if (lastOne) {
    events.push({
      type: 'NoticeClosed',
      data: {
        at,
        originalDueAt: notice.deadline.originalDueAt.toISOString(),
        dueAt: notice.deadline.dueAt.toISOString(),
        onTime: isOnTime(command.now, notice.deadline.originalDueAt),
      },
    });
  }
  return events;
}

function reject(command: RejectItem, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const item = itemOf(notice, command.itemId);
  const reason = requireText(NOTICE_ERRORS.REASON_REQUIRED, 'reason', command.reason);
  const dueAt = command.dueAt == null ? null : requireFuture('dueAt', command.dueAt, command.now);
  if (item.status !== 'reported') throw conflict(NOTICE_ERRORS.ITEM_NOT_REPORTED, `Item ${item.id} is ${item.status}, not reported`, { itemStatus: item.status });
  // A rework due time beyond the notice's own means the notice cannot close before it:
  // the notice deadline follows, so the ladder does not escalate what the issuer allowed.
  const movesNotice = dueAt !== null && dueAt.getTime() > notice.deadline.dueAt.getTime();
  return [
    {
      type: 'ItemRejected',
      data: {
        itemId: item.id,
        reason,
        dueAt: dueAt?.toISOString() ?? null,
        reworkCount: item.reworkCount + 1,
        noticeDueAt: movesNotice ? dueAt.toISOString() : null,
        at: command.now.toISOString(),
      },
    },
  ];
}

function requestExtension(command: RequestExtension, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const reason = requireText(NOTICE_ERRORS.REASON_REQUIRED, 'reason', command.reason);
  if (!validDate(command.requestedDueAt)) {
    throw invalid(NOTICE_ERRORS.INVALID, 'requestedDueAt is not a valid instant', [{ field: 'requestedDueAt', messages: ['not a valid instant'] }]);
  }
  const current = notice.deadline.dueAt;
  if (command.requestedDueAt.getTime() <= current.getTime()) {
    throw invalid(NOTICE_ERRORS.EXTENSION_NOT_LATER, 'The requested due time must be after the current one', [
      { field: 'requestedDueAt', messages: [`must be after ${current.toISOString()}`] },
    ]);
  }
  if (command.now.getTime() >= current.getTime()) {
    throw conflict(NOTICE_ERRORS.EXTENSION_TOO_LATE, 'An extension must be requested before the due time', { dueAt: current.toISOString() });
  }
  if (notice.extensionRequests.some((request) => request.status === 'pending')) {
    throw conflict(NOTICE_ERRORS.EXTENSION_PENDING, 'Another extension request is still pending');
  }
  const granted = notice.extensionRequests.filter((request) => request.status === 'granted').length;
  if (granted >= command.maxExtensions) {
    throw conflict(NOTICE_ERRORS.EXTENSION_LIMIT, `At most ${command.maxExtensions} extension(s) may be granted`, {
      granted,
      maxExtensions: command.maxExtensions,
    });
  }
  return [
    {
      type: 'ExtensionRequested',
      data: {
        // In order, like items: deterministic, so a replayed command gives the same id.
        requestId: String(notice.extensionRequests.length + 1),
        requestedDueAt: command.requestedDueAt.toISOString(),
        currentDueAt: current.toISOString(),
        reason,
        at: command.now.toISOString(),
      },
    },
  ];
}

function pendingRequest(notice: Notice, requestId: string): ExtensionRequest {
  const request = notice.extensionRequests.find((candidate) => candidate.id === requestId);
  if (!request) throw notFound(NOTICE_ERRORS.EXTENSION_NOT_FOUND, `The notice has no extension request "${requestId}"`);
  if (request.status !== 'pending') {
    throw conflict(NOTICE_ERRORS.EXTENSION_NOT_PENDING, `Extension request ${request.id} was already ${request.status}`, { requestStatus: request.status });
  }
  return request;
}

function grantExtension(command: GrantExtension, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const request = pendingRequest(notice, command.requestId);
  const comment = optionalComment(NOTICE_ERRORS.INVALID, 'comment', command.comment);
  // A rework due time may have moved the deadline past the request meanwhile; granting it
  // would shorten the deadline.
  if (request.requestedDueAt.getTime() <= notice.deadline.dueAt.getTime()) {
    throw conflict(NOTICE_ERRORS.EXTENSION_OBSOLETE, 'The notice is already due later than the requested time; deny the request instead', {
      dueAt: notice.deadline.dueAt.toISOString(),
    });
  }
  return [
    {
      type: 'ExtensionGranted',
      data: {
        requestId: request.id,
        previousDueAt: notice.deadline.dueAt.toISOString(),
        dueAt: request.requestedDueAt.toISOString(),
        at: command.now.toISOString(),
        ...(comment === null ? {} : { comment }),
      },
    },
  ];
}

function denyExtension(command: DenyExtension, state: NoticeState): NoticeEvent[] {
  const notice = openNotice(state);
  const reason = requireText(NOTICE_ERRORS.REASON_REQUIRED, 'reason', command.reason);
  const request = pendingRequest(notice, command.requestId);
  return [{ type: 'ExtensionDenied', data: { requestId: request.id, reason, at: command.now.toISOString() } }];
}

function withdraw(command: WithdrawNotice, state: NoticeState): NoticeEvent[] {
  openNotice(state);
  const reason = requireText(NOTICE_ERRORS.REASON_REQUIRED, 'reason', command.reason);
  return [{ type: 'NoticeWithdrawn', data: { reason, at: command.now.toISOString() } }];
}

export function decideNotice(command: NoticeCommand, state: NoticeState): NoticeEvent[] {
  switch (command.type) {
    case 'IssueNotice':
      return issue(command, state);
    case 'AcknowledgeNotice':
      return acknowledge(command, state);
    case 'AddProgressNote':
      return addProgressNote(command, state);
    case 'RectifyItem':
      return rectify(command, state);
    case 'VerifyItem':
      return verify(command, state);
    case 'RejectItem':
      return reject(command, state);
    case 'RequestExtension':
      return requestExtension(command, state);
    case 'GrantExtension':
      return grantExtension(command, state);
    case 'DenyExtension':
      return denyExtension(command, state);
    case 'WithdrawNotice':
      return withdraw(command, state);
    default:
      return assertNever(command, 'notice command');
  }
}

// ---------------------------------------------------------------- evolve

const updateItem = (notice: Notice, itemId: string, change: (item: NoticeItem) => NoticeItem): NoticeItem[] =>
  notice.items.map((item) => (item.id === itemId ? change(item) : item));

const updateRequest = (notice: Notice, requestId: string, change: (request: ExtensionRequest) => ExtensionRequest): ExtensionRequest[] =>
  notice.extensionRequests.map((request) => (request.id === requestId ? change(request) : request));

function isNoticeLadderEvent(event: NoticeEvent): event is NoticeLadderEvent {
  return isLadderEvent(event.type);
}

export function evolveNotice(state: NoticeState, event: NoticeEvent): NoticeState {
  if (event.type === 'NoticeIssued') {
    const data = event.data;
    return {
      exists: true,
      id: data.noticeId,
      issuerOrgId: data.issuerOrgId,
      targetOrgId: data.targetOrgId,
      issuedBy: data.issuedBy,
      issuedAt: new Date(data.at),
      title: data.title,
      basis: data.basis,
      severity: data.severity,
      items: data.items.map((item) => ({
        ...item,
        status: 'open',
        reworkCount: 0,
        evidence: null,
        dueAt: null,
        lastRejectionReason: null,
        verificationComment: null,
      })),
      status: 'issued',
      acknowledgedAt: null,
      acknowledgedLate: false,
      deadline: openDeadline('notice', new Date(data.dueAt)),
      calendarVersion: data.calendarVersion,
      extensionRequests: [],
      progressNotes: 0,
      closedAt: null,
      closedOnTime: null,
      withdrawnAt: null,
      withdrawReason: null,
    };
  }
  // Anything before NoticeIssued cannot be folded into a notice that does not exist.
  if (!state.exists) return state;
  const notice = state;
  if (isNoticeLadderEvent(event)) {
    return { ...notice, deadline: evolveDeadlineWithLadderEvent(notice.deadline, event.type, event.data) };
  }
  switch (event.type) {
    case 'NoticeAcknowledged':
      return { ...notice, status: 'in_progress', acknowledgedAt: new Date(event.data.at), acknowledgedLate: event.data.late };
    case 'ProgressNoteAdded':
      return { ...notice, progressNotes: notice.progressNotes + 1 };
    case 'ItemRectified':
      return {
        ...notice,
        status: 'in_progress',
        items: updateItem(notice, event.data.itemId, (item) => ({ ...item, status: 'reported', evidence: event.data.evidence })),
      };
    case 'ItemVerified':
      return { ...notice, items: updateItem(notice, event.data.itemId, (item) => ({ ...item, status: 'verified', verificationComment: event.data.comment ?? null })) };
    case 'ItemRejected': {
      const data = event.data;
      return {
        ...notice,
        items: updateItem(notice, data.itemId, (item) => ({
          ...item,
          status: 'open',
          reworkCount: data.reworkCount,
          dueAt: data.dueAt ? new Date(data.dueAt) : item.dueAt,
          lastRejectionReason: data.reason,
        })),
        deadline: data.noticeDueAt ? moveDeadline(notice.deadline, new Date(data.noticeDueAt)) : notice.deadline,
      };
    }
    case 'ExtensionRequested':
      return {
        ...notice,
        extensionRequests: [
          ...notice.extensionRequests,
          {
            id: event.data.requestId,
            requestedDueAt: new Date(event.data.requestedDueAt),
            reason: event.data.reason,
            status: 'pending',
            requestedAt: new Date(event.data.at),
            decidedAt: null,
            denialReason: null,
            grantComment: null,
          },
        ],
      };
    case 'ExtensionGranted':
      return {
        ...notice,
        extensionRequests: updateRequest(notice, event.data.requestId, (request) => ({
          ...request,
          status: 'granted',
          decidedAt: new Date(event.data.at),
          grantComment: event.data.comment ?? null,
        })),
        deadline: moveDeadline(notice.deadline, new Date(event.data.dueAt), { extension: true }),
      };
    case 'ExtensionDenied':
      return {
        ...notice,
        extensionRequests: updateRequest(notice, event.data.requestId, (request) => ({
          ...request,
          status: 'denied',
          decidedAt: new Date(event.data.at),
          denialReason: event.data.reason,
        })),
      };
    case 'NoticeClosed': {
      const at = new Date(event.data.at);
      return { ...notice, status: 'closed', closedAt: at, closedOnTime: event.data.onTime, deadline: closeDeadline(notice.deadline, at) };
    }
    case 'NoticeWithdrawn': {
      const at = new Date(event.data.at);
      return { ...notice, status: 'withdrawn', withdrawnAt: at, withdrawReason: event.data.reason, deadline: withdrawDeadline(notice.deadline, at) };
    }
    default:
      return assertNever(event, 'notice event');
  }
}

export const noticeDecider: Decider<NoticeState, NoticeCommand, NoticeEvent> = {
  initialState: initialNoticeState,
  decide: decideNotice,
  evolve: evolveNotice,
};

import type { DomainEvent, LadderEventData, LadderEventType } from '@app/kernel';

/**
 * Events of a supervision notice (督办通知). Data is JSON: instants are ISO strings. Each event
 * carries the business time it happened (`at`), because evolve sees only the event, not its
 * envelope.
 */
export type NoticeSeverity = 'normal' | 'major';
export const NOTICE_SEVERITIES: readonly NoticeSeverity[] = ['normal', 'major'];

export type NoticeIssued = DomainEvent<
  'NoticeIssued',
  {
    noticeId: string;
    issuerOrgId: string;
    targetOrgId: string;
    issuedBy: string;
    title: string;
    basis: string | null;
    severity: NoticeSeverity;
    items: Array<{ id: string; problem: string; requiredAction: string }>;
    dueAt: string;
    /** The working-day calendar version used to compute dueAt; null when it was given as an instant or day. */
    calendarVersion: string | null;
    at: string;
  }
>;

export type NoticeAcknowledged = DomainEvent<'NoticeAcknowledged', { acknowledgedBy: string; at: string; dueAt: string; late: boolean }>;

export type ProgressNoteAdded = DomainEvent<'ProgressNoteAdded', { text: string; byOrgId: string; by: string; at: string }>;

export type ItemRectified = DomainEvent<'ItemRectified', { itemId: string; evidence: string; at: string; late: boolean }>;

/** `comment`: the verification opinion (核实意见), when one was given. */
export type ItemVerified = DomainEvent<'ItemVerified', { itemId: string; at: string; comment?: string }>;

export type ItemRejected = DomainEvent<
  'ItemRejected',
  {
    itemId: string;
    reason: string;
    /** The item's own new due time for the rework, if the issuer set one. */
    dueAt: string | null;
    reworkCount: number;
    /** Set when the rework due time is later than the notice's: the notice deadline moves to it. */
    noticeDueAt: string | null;
    at: string;
  }
>;

export type ExtensionRequested = DomainEvent<
  'ExtensionRequested',
  { requestId: string; requestedDueAt: string; currentDueAt: string; reason: string; at: string }
>;

export type ExtensionGranted = DomainEvent<'ExtensionGranted', { requestId: string; previousDueAt: string; dueAt: string; at: string; comment?: string }>;

export type ExtensionDenied = DomainEvent<'ExtensionDenied', { requestId: string; reason: string; at: string }>;

export type NoticeClosed = DomainEvent<
  'NoticeClosed',
  {
    at: string;
    originalDueAt: string;
    dueAt: string;
    /** 按期办结: judged against the original due time, whatever extensions were granted. */
    onTime: boolean;
  }
>;

export type NoticeWithdrawn = DomainEvent<'NoticeWithdrawn', { reason: string; at: string }>;

/** Appended by the escalation worker, folded here so the notice knows its escalation level. */
// Pick makes the interface an anonymous object type, which fits DomainEvent's Record constraint.
export type NoticeLadderEvent = DomainEvent<LadderEventType, Pick<LadderEventData, keyof LadderEventData>>;

export type NoticeEvent =
  | NoticeIssued
  | NoticeAcknowledged
  | ProgressNoteAdded
  | ItemRectified
  | ItemVerified
  | ItemRejected
  | ExtensionRequested
  | ExtensionGranted
  | ExtensionDenied
  | NoticeClosed
  | NoticeWithdrawn
  | NoticeLadderEvent;

export const NOTICE_EVENT_TYPES = [
  'NoticeIssued',
  'NoticeAcknowledged',
  'ProgressNoteAdded',
  'ItemRectified',
  'ItemVerified',
  'ItemRejected',
  'ExtensionRequested',
  'ExtensionGranted',
  'ExtensionDenied',
  'NoticeClosed',
  'NoticeWithdrawn',
] as const;
export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];

import type { Actor } from '@app/kernel';
import type { NoticeSeverity } from './notice.events.js';

/** Every command brings the time it is decided at (the decider reads no clock). */
interface NoticeCommandBase {
  noticeId: string;
  now: Date;
  /** Who acts (recorded in the events); whether they may is the access policy's question (notice.policy.ts). */
  actor: Pick<Actor, 'userId' | 'orgId'>;
}

export interface IssueNotice extends NoticeCommandBase {
  type: 'IssueNotice';
  targetOrgId: string;
  title: string;
  basis?: string | null;
  severity?: NoticeSeverity;
  items: Array<{ problem: string; requiredAction: string }>;
  /** Already resolved to an instant by the caller (see resolveNoticeDue). */
  dueAt: Date;
  calendarVersion?: string | null;
}

export interface AcknowledgeNotice extends NoticeCommandBase {
  type: 'AcknowledgeNotice';
}

export interface AddProgressNote extends NoticeCommandBase {
  type: 'AddProgressNote';
  text: string;
}

export interface RectifyItem extends NoticeCommandBase {
  type: 'RectifyItem';
  itemId: string;
  evidence: string;
}

export interface VerifyItem extends NoticeCommandBase {
  type: 'VerifyItem';
  itemId: string;
  /** 核实意见: the verifier's opinion, optional. */
  comment?: string | null;
}

export interface RejectItem extends NoticeCommandBase {
  type: 'RejectItem';
  itemId: string;
  reason: string;
  dueAt?: Date | null;
}

export interface RequestExtension extends NoticeCommandBase {
  type: 'RequestExtension';
  requestedDueAt: Date;
  reason: string;
  /** MAX_EXTENSIONS from configuration. */
  maxExtensions: number;
}

export interface GrantExtension extends NoticeCommandBase {
  type: 'GrantExtension';
  requestId: string;
  comment?: string | null;
}

export interface DenyExtension extends NoticeCommandBase {
  type: 'DenyExtension';
  requestId: string;
  reason: string;
}

export interface WithdrawNotice extends NoticeCommandBase {
  type: 'WithdrawNotice';
  reason: string;
}

export type NoticeCommand =
  | IssueNotice
  | AcknowledgeNotice
  | AddProgressNote
  | RectifyItem
  | VerifyItem
  | RejectItem
  | RequestExtension
  | GrantExtension
  | DenyExtension
  | WithdrawNotice;

/** The commands on an existing notice (every one but IssueNotice). */
export type NoticeActionCommand = Exclude<NoticeCommand, IssueNotice>;

import { Query } from '@nestjs/cqrs';
import type { Actor, EscalationLevel, Light } from '@app/kernel';
import type { NoticeItemStatus, NoticeStatus } from '../domain/notice.decider.js';
import type { NoticeListRequest } from './list-notices.request.dto.js';

export type NoticeLightFilter = Light;

export interface NoticeListFilter {
  /** null: everything (admin); otherwise notices whose target lies in this subtree. */
  scopeRootId: string | null;
  targetOrgId?: string;
  issuerOrgId?: string;
  status?: NoticeStatus;
  light?: NoticeLightFilter;
  limit: number;
  offset: number;
}

export interface NoticeSummary {
  id: string;
  issuerOrgId: string;
  targetOrgId: string;
  targetOrgName: string | null;
  title: string;
  severity: string;
  status: NoticeStatus;
  issuedAt: string;
  items: Array<{ id: string; problem: string; status: NoticeItemStatus; reworkCount: number }>;
  deadline: { originalDueAt: string; dueAt: string; light: Light; escalationLevel: EscalationLevel; extensions: number };
  revision: number;
}

export class ListNoticesQuery extends Query<NoticeSummary[]> {
  constructor(readonly actor: Actor, readonly request: NoticeListRequest) {
    super();
  }
}

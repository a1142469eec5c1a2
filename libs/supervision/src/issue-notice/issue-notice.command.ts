import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { IssueNoticeRequest } from './issue-notice.request.dto.js';

export interface IssueNoticeResult {
  id: string;
  revision: number;
  items: Array<{ id: string }>;
  dueAt: string;
  calendarVersion: string | null;
}

export class IssueNoticeCommand extends Command<IssueNoticeResult> {
  constructor(readonly request: IssueNoticeRequest, readonly context: CommandContext) {
    super();
  }
}

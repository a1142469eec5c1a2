import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { IssueNotice, NoticeCommand } from '../domain/notice.commands.js';
import type { NoticeStatus } from '../domain/notice.decider.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command on an existing notice as the HTTP layer gives it: the handler adds id, time, actor and limits. */
export type NoticeAction = DistributiveOmit<Exclude<NoticeCommand, IssueNotice>, 'noticeId' | 'now' | 'actor' | 'maxExtensions'>;

export interface NoticeActionResult {
  id: string;
  revision: number;
  status: NoticeStatus;
  /** Set for an extension request: the id to grant or deny. */
  requestId?: string;
}

export class NoticeActionCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly action: NoticeAction, readonly context: CommandContext) {
    super();
  }
}

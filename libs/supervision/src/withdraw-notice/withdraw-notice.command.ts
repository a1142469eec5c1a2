import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { NoticeReasonRequest } from '../application/notice-request.dto.js';

export class WithdrawNoticeCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly request: NoticeReasonRequest, readonly context: CommandContext) {
    super();
  }
}

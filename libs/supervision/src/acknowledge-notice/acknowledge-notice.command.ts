import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';

export class AcknowledgeNoticeCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly context: CommandContext) {
    super();
  }
}

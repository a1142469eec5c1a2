import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { NoticeCommentRequest } from '../application/notice-request.dto.js';

export class VerifyItemCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly itemId: string, readonly request: NoticeCommentRequest, readonly context: CommandContext) {
    super();
  }
}

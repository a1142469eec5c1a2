import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { RectifyItemRequest } from './rectify-item.request.dto.js';

export class RectifyItemCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly itemId: string, readonly request: RectifyItemRequest, readonly context: CommandContext) {
    super();
  }
}

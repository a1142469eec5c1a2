import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { RejectItemRequest } from './reject-item.request.dto.js';

export class RejectItemCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly itemId: string, readonly request: RejectItemRequest, readonly context: CommandContext) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { ExtensionRequestRequest } from './request-extension.request.dto.js';

export class RequestExtensionCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly request: ExtensionRequestRequest, readonly context: CommandContext) {
    super();
  }
}

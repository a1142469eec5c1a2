import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { AcknowledgeNoticeCommand } from './acknowledge-notice.command.js';

/** 签收: the target acknowledges the notice; signing for it late is allowed, and recorded. */
@CommandHandler(AcknowledgeNoticeCommand)
export class AcknowledgeNoticeHandler implements ICommandHandler<AcknowledgeNoticeCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, context }: AcknowledgeNoticeCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'AcknowledgeNotice' }));
  }
}

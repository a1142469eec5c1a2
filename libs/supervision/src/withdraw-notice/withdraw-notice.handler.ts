import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { WithdrawNoticeCommand } from './withdraw-notice.command.js';

/** The issuer withdraws the notice, with a reason; its deadline closes. */
@CommandHandler(WithdrawNoticeCommand)
export class WithdrawNoticeHandler implements ICommandHandler<WithdrawNoticeCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, request, context }: WithdrawNoticeCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'WithdrawNotice', reason: request.reason }));
  }
}

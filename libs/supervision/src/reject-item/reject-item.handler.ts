import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { RejectItemCommand } from './reject-item.command.js';

/** The issuer sends a reported item back for rework, with a reason and perhaps a new due time. */
@CommandHandler(RejectItemCommand)
export class RejectItemHandler implements ICommandHandler<RejectItemCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, itemId, request, context }: RejectItemCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'RejectItem', itemId, reason: request.reason, dueAt: request.dueAt ? new Date(request.dueAt) : null }));
  }
}

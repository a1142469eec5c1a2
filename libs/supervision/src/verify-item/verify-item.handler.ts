import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { VerifyItemCommand } from './verify-item.command.js';

/** 销号: the issuer verifies a reported item, with an optional opinion (核实意见); the last one closes the notice. */
@CommandHandler(VerifyItemCommand)
export class VerifyItemHandler implements ICommandHandler<VerifyItemCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, itemId, request, context }: VerifyItemCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'VerifyItem', itemId, comment: request.comment ?? null }));
  }
}

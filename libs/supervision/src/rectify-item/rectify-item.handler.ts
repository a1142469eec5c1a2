import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { RectifyItemCommand } from './rectify-item.command.js';

/** 申请销号: the target reports an item rectified, with its evidence. */
@CommandHandler(RectifyItemCommand)
export class RectifyItemHandler implements ICommandHandler<RectifyItemCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, itemId, request, context }: RectifyItemCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'RectifyItem', itemId, evidence: request.evidence }));
  }
}

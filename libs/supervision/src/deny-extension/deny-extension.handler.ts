import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { DenyExtensionCommand } from './deny-extension.command.js';

/** The issuer denies a pending extension, with a reason. */
@CommandHandler(DenyExtensionCommand)
export class DenyExtensionHandler implements ICommandHandler<DenyExtensionCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, requestId, request, context }: DenyExtensionCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'DenyExtension', requestId, reason: request.reason }));
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { GrantExtensionCommand } from './grant-extension.command.js';

/** The issuer grants a pending extension, with an optional comment: the deadline moves and the ladder starts again. */
@CommandHandler(GrantExtensionCommand)
export class GrantExtensionHandler implements ICommandHandler<GrantExtensionCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, requestId, request, context }: GrantExtensionCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'GrantExtension', requestId, comment: request.comment ?? null }));
  }
}

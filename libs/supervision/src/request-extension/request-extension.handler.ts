import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@app/kernel';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { RequestExtensionCommand } from './request-extension.command.js';

/** The target asks for more time before the due time (at most MAX_EXTENSIONS granted); the answer names the request. */
@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand> {
  constructor(private readonly shell: NoticeCommandShell, private readonly config: AppConfig) {}

  execute({ noticeId, request, context }: RequestExtensionCommand): Promise<NoticeActionResult> {
    return this.shell.run(
      noticeId,
      context,
      (base) => ({
        ...base,
        type: 'RequestExtension',
        requestedDueAt: new Date(request.requestedDueAt),
        reason: request.reason,
        maxExtensions: this.config.maxExtensions,
      }),
      (events) => {
        const requested = events.find((event) => event.type === 'ExtensionRequested');
        return requested?.type === 'ExtensionRequested' ? { requestId: requested.data.requestId } : {};
      },
    );
  }
}

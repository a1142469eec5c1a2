import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NoticeCommandShell } from '../application/notice-command-shell.js';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import { AddProgressNoteCommand } from './add-progress-note.command.js';

/** A progress note by either side (the issuer or the target). */
@CommandHandler(AddProgressNoteCommand)
export class AddProgressNoteHandler implements ICommandHandler<AddProgressNoteCommand> {
  constructor(private readonly shell: NoticeCommandShell) {}

  execute({ noticeId, request, context }: AddProgressNoteCommand): Promise<NoticeActionResult> {
    return this.shell.run(noticeId, context, (base) => ({ ...base, type: 'AddProgressNote', text: (request.text ?? request.note)! }));
  }
}

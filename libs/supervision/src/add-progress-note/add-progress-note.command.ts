import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { NoticeActionResult } from '../application/notice-action.result.js';
import type { ProgressNoteRequest } from './add-progress-note.request.dto.js';

export class AddProgressNoteCommand extends Command<NoticeActionResult> {
  constructor(readonly noticeId: string, readonly request: ProgressNoteRequest, readonly context: CommandContext) {
    super();
  }
}

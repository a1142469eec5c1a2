import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';

export interface MarkInboxItemReadResult {
  id: string;
  readAt: string;
  /** The organisation's inbox stream revision after the mark. */
  revision: number;
}

export class MarkInboxItemReadCommand extends Command<MarkInboxItemReadResult> {
  constructor(readonly itemId: string, readonly context: CommandContext) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';

export interface ImportAnswer {
  imported: number;
  ids: string[];
}

/** An administrator registers a tree of organisations from a CSV file (id,name,kind,parentId), all or nothing. */
export class ImportOrganizationsCommand extends Command<ImportAnswer> {
  constructor(readonly ctx: CommandContext, readonly csv: string | Uint8Array) {
    super();
  }
}

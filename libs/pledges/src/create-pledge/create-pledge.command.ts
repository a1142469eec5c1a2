import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { CreatePledgeRequest } from './create-pledge.request.dto.js';

export interface CreatePledgeResult {
  id: string;
  revision: number;
  items: Array<{ id: string }>;
}

export class CreatePledgeCommand extends Command<CreatePledgeResult> {
  constructor(readonly request: CreatePledgeRequest, readonly context: CommandContext) {
    super();
  }
}

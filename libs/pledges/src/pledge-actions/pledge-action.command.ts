import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { DraftPledge, PledgeCommand, SignPledge } from '../domain/pledge.commands.js';
import type { PledgeStatus } from '../domain/pledge.decider.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command on an existing pledge as the HTTP layer gives it: the handler adds id, time, actor (and the side that signs). */
export type PledgeAction =
  | DistributiveOmit<Exclude<PledgeCommand, DraftPledge | SignPledge>, 'pledgeId' | 'now' | 'actor'>
  | { type: 'SignPledge' };

export interface PledgeActionResult {
  id: string;
  revision: number;
  status: PledgeStatus;
}

export class PledgeActionCommand extends Command<PledgeActionResult> {
  constructor(readonly pledgeId: string, readonly action: PledgeAction, readonly context: CommandContext) {
    super();
  }
}

import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { pledgeDecider, pledgeStream, type PledgeStatus } from '../domain/pledge.decider.js';
import type { DraftPledge, PledgeCommand, TakeOverCommitments } from '../domain/pledge.commands.js';
import type { PledgeSide } from '../domain/pledge.events.js';
import { PledgeAccess, type PledgeActingSide } from './pledge-access.js';

/** What every command on an existing pledge carries, filled in by the shell. */
export type PledgeCommandBase = Pick<PledgeCommand, 'pledgeId' | 'now' | 'actor'>;

export interface PledgeCommandResult {
  id: string;
  revision: number;
  status: PledgeStatus;
}

/**
 * The one path of every command on an existing pledge: the clock once, scope (readable, else 404),
 * role and side (PledgeAccess.sideOf, else 403), the stream read and folded once and handed to the
 * runner, then the decider, which checks that the acting organisation is that side of the pledge
 * and that the transition is legal (409).
 */
@Injectable()
export class PledgeCommandShell {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly access: PledgeAccess,
  ) {}

  async run(
    pledgeId: string,
    context: CommandContext,
    acting: PledgeActingSide,
    command: (base: PledgeCommandBase, side: PledgeSide) => Exclude<PledgeCommand, DraftPledge | TakeOverCommitments>,
  ): Promise<PledgeCommandResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(pledgeId, context.actor);
    const side = this.access.sideOf(context.actor, acting, loaded);
    const outcome = await this.runner.run({
      streamId: pledgeStream(pledgeId),
      decider: pledgeDecider,
      command: command({ pledgeId, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } }, side),
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      loaded: { state: loaded.subject, revision: loaded.revision },
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.subject.status;
    return { id: pledgeId, revision: outcome.revision, status };
  }
}

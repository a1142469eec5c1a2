import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { pledgeDecider, pledgeStream, type PledgeStatus } from '../domain/pledge.decider.js';
import type { DraftPledge, PledgeCommand, TakeOverCommitments } from '../domain/pledge.commands.js';
import type { PledgeSide } from '../domain/pledge.events.js';
import { PledgeAccess } from './pledge-access.js';

/** What every command on an existing pledge carries, filled in by the shell. */
export type PledgeCommandBase = Pick<PledgeCommand, 'pledgeId' | 'now' | 'actor'>;

export interface PledgeCommandResult {
  id: string;
  revision: number;
  status: PledgeStatus;
}

/**
 * The one path of every command on an existing pledge: the clock once, the pledge loaded and its
 * policy asked once (domain/pledge.policy.ts: 404 outside the subtree, 403 for the wrong side, and
 * the side the caller acts for), the state just folded handed to the runner (one read, one fold),
 * then the decider, which judges the transition (409).
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
    type: Exclude<PledgeCommand, DraftPledge | TakeOverCommitments>['type'],
    command: (base: PledgeCommandBase, side: PledgeSide) => Exclude<PledgeCommand, DraftPledge | TakeOverCommitments>,
  ): Promise<PledgeCommandResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(pledgeId, context.actor, type);
    // A command's intent always names a side (only a read has none).
    const side = loaded.side!;
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

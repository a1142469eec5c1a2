import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { CommandRunner, metadataFor } from '@app/platform';
import { pledgeDecider, pledgeStream } from '../domain/pledge.decider.js';
import type { PledgeCommand } from '../domain/pledge.commands.js';
import { PledgeAccess, type PledgeActingSide } from '../application/pledge-access.js';
import { PledgeActionCommand, type PledgeAction, type PledgeActionResult } from './pledge-action.command.js';

/** Who acts for each command (DESIGN §6): the target signs its side, progresses and fulfils; the supervisor signs its side, inspects and evaluates. */
const SIDE: Record<PledgeAction['type'], PledgeActingSide> = {
  SignPledge: 'either',
  ProgressPledgeItem: 'target',
  FulfilPledgeItem: 'target',
  InspectPledge: 'supervisor',
  EvaluatePledge: 'supervisor',
};

/**
 * The shell for every command on an existing pledge: clock once, scope (readable, else 404), role
 * and side (else 403), then the decider, which checks that the acting organisation is that side of
 * the pledge and that the transition is legal (409).
 */
@CommandHandler(PledgeActionCommand)
export class PledgeActionHandler implements ICommandHandler<PledgeActionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly access: PledgeAccess,
  ) {}

  async execute({ pledgeId, action, context }: PledgeActionCommand): Promise<PledgeActionResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(pledgeId, context.actor);
    const side = this.access.sideOf(context.actor, SIDE[action.type], loaded);
    const actor = { userId: context.actor.userId, orgId: context.actor.orgId };
    const command = (action.type === 'SignPledge' ? { ...action, side, pledgeId, now, actor } : { ...action, pledgeId, now, actor }) as PledgeCommand;
    const outcome = await this.runner.run({
      streamId: pledgeStream(pledgeId),
      decider: pledgeDecider,
      command,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      history: loaded.history,
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.subject.status;
    return { id: pledgeId, revision: outcome.revision, status };
  }
}

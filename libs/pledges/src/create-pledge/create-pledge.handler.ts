import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, invalid, notFound } from '@app/kernel';
import { assertCanActFor, assertCanRead, OrganizationDirectory, ORG_NOT_FOUND, supervisedChild, type OrganizationRecord } from '@app/access';
import { CommandRunner, metadataFor, type Actor } from '@app/platform';
import { pledgeDecider, pledgeStream, PLEDGE_ERRORS, type PledgeState } from '../domain/pledge.decider.js';
import type { PledgeCommand } from '../domain/pledge.commands.js';
import type { CreatePledgeRequest } from './create-pledge.request.dto.js';
import { CreatePledgeCommand, type CreatePledgeResult } from './create-pledge.command.js';

/**
 * A shell: the clock once, role and scope, then the decider. A responsibility letter is drafted by
 * a supervisor of the target's parent; a public pledge by a clerk of the pledging organisation,
 * whose parent (if any) supervises it.
 */
@CommandHandler(CreatePledgeCommand)
export class CreatePledgeHandler implements ICommandHandler<CreatePledgeCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async execute({ request, context }: CreatePledgeCommand): Promise<CreatePledgeResult> {
    const now = this.clock.now();
    const { actor } = context;
    const { target, supervisorOrgId } = await this.parties(actor, request);
    const { id, state, revision } = await this.runner.create({
      context,
      purpose: 'pledge-create',
      streamOf: pledgeStream,
      existsCode: PLEDGE_ERRORS.ALREADY_EXISTS,
      decider: pledgeDecider,
      metadata: metadataFor(context),
      now,
      command: (pledgeId): PledgeCommand => ({
        type: 'DraftPledge',
        pledgeId,
        now,
        actor: { userId: actor.userId, orgId: actor.orgId },
        kind: request.kind,
        title: request.title,
        term: request.term,
        targetOrgId: target.id,
        supervisorOrgId,
        pledgedBy: request.pledgedBy ?? null,
        items: request.items.map((item) => ({ content: item.content, weight: item.weight ?? null, dueAt: new Date(item.dueAt) })),
      }),
    });
    return answer(id, state, revision);
  }

  private async parties(actor: Actor, request: CreatePledgeRequest): Promise<{ target: OrganizationRecord; supervisorOrgId: string | null }> {
    if (request.kind === 'responsibility') {
      if (!request.targetOrgId) {
        throw invalid(PLEDGE_ERRORS.INVALID, 'A responsibility letter names its target', [{ field: 'targetOrgId', messages: ['must not be empty'] }]);
      }
      return { target: await supervisedChild(this.organizations, actor, request.targetOrgId), supervisorOrgId: actor.orgId };
    }
    const orgId = request.targetOrgId ?? actor.orgId;
    const target = await this.organizations.get(orgId);
    if (!target) throw notFound(ORG_NOT_FOUND, `No organisation ${orgId}`);
    assertCanRead(actor, target);
    assertCanActFor(actor, target);
    return { target, supervisorOrgId: target.parentId ?? null };
  }
}

function answer(id: string, state: PledgeState, revision: number): CreatePledgeResult {
  if (!state.exists) throw new Error('PledgeDrafted did not create the pledge');
  return { id, revision, items: state.items.map((item) => ({ id: item.id })) };
}

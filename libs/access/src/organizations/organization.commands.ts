import { CommandHandler, type ICommandHandler, Command } from '@nestjs/cqrs';
import { Clock, invalid, notFound } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { assertCanRead, ORG_NOT_FOUND } from '../domain/authorization.js';
import {
  type OrganizationCommand,
  type RegisterOrganization,
  organizationDecider,
  organizationStream,
} from '../domain/organization.decider.js';
import { isOrganizationId, ORG_ID_RULE } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/org-facts.js';

export interface CommandAnswer {
  id: string;
  revision: number;
}

type WithoutEnvelope<C> = C extends unknown ? Omit<C, 'now' | 'actor'> : never;
/** What the HTTP layer says; the handler adds time, actor and the facts it looks up. */
export type OrganizationChange = WithoutEnvelope<Exclude<OrganizationCommand, RegisterOrganization>> extends infer C
  ? C extends { type: 'MergeOrganization' }
    ? Omit<C, 'into'>
    : C
  : never;

export class RegisterOrganizationCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: CommandContext,
    readonly organization: { id: string; name: string; kind: RegisterOrganization['kind']; parentId: string | null },
  ) {
    super();
  }
}

export class ChangeOrganizationCommand extends Command<CommandAnswer> {
  constructor(readonly ctx: CommandContext, readonly orgId: string, readonly change: OrganizationChange) {
    super();
  }
}

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand, CommandAnswer> {
  constructor(private readonly runner: CommandRunner, private readonly orgs: OrganizationStreams, private readonly clock: Clock) {}

  async execute({ ctx, organization }: RegisterOrganizationCommand): Promise<CommandAnswer> {
    const { id, name, kind, parentId } = organization;
    // Before the stream name is built from it: a NUL or a slash must never reach the store.
    if (!isOrganizationId(id)) throw invalid('ORG.INVALID', 'The organisation is not valid', [{ field: 'id', messages: [`id must be ${ORG_ID_RULE}`] }]);
    // The parent comes from its stream, not the read model, so a parent registered a moment ago counts.
    const parent = parentId !== null && isOrganizationId(parentId) ? await this.orgs.ref(parentId) : null;
    const now = this.clock.now();
    const outcome = await this.runner.run({
      streamId: organizationStream(id),
      decider: organizationDecider,
      command: { type: 'RegisterOrganization', id, name, kind, parentId, parent, now, actor: ctx.actor },
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
    });
    return { id, revision: outcome.revision };
  }
}

@CommandHandler(ChangeOrganizationCommand)
export class ChangeOrganizationHandler implements ICommandHandler<ChangeOrganizationCommand, CommandAnswer> {
  constructor(private readonly runner: CommandRunner, private readonly orgs: OrganizationStreams, private readonly clock: Clock) {}

  async execute({ ctx, orgId, change }: ChangeOrganizationCommand): Promise<CommandAnswer> {
    if (!isOrganizationId(orgId)) throw notFound(ORG_NOT_FOUND, 'Organisation not found');
    const found = await this.orgs.factsWithHistory(orgId);
    if (!found) throw notFound(ORG_NOT_FOUND, 'Organisation not found');
    const { facts, history } = found;
    // Outside the caller's subtree the organisation does not exist for it (404); inside, the
    // decider decides who may act (403).
    assertCanRead(ctx.actor, facts, ORG_NOT_FOUND, 'Organisation not found');
    const now = this.clock.now();
    const command: OrganizationCommand =
      change.type === 'MergeOrganization'
        ? {
            ...change,
            into: isOrganizationId(change.intoId) ? await this.orgs.ref(change.intoId) : null,
            now,
            actor: ctx.actor,
          }
        : { ...change, now, actor: ctx.actor };
    const outcome = await this.runner.run({
      streamId: organizationStream(orgId),
      decider: organizationDecider,
      command,
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
      history,
    });
    return { id: orgId, revision: outcome.revision };
  }
}

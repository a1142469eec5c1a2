import { Injectable } from '@nestjs/common';
import { Clock, notFound } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import { ORG_NOT_FOUND } from '../domain/authorization.js';
import {
  type OrganizationCommand,
  type OrganizationState,
  type RegisterOrganization,
  organizationDecider,
  organizationStream,
} from '../domain/organization.decider.js';
import { authorizeOrganization } from '../domain/organization.policy.js';
import { isOrganizationId } from '../domain/organization.rules.js';
import { OrganizationStreams } from './organization-streams.js';

export interface OrganizationAnswer {
  id: string;
  revision: number;
}

/** What every organisation command carries, filled in by the shell; the use case adds its own part. */
export type OrganizationCommandBase = Pick<OrganizationCommand, 'now'>;

/** A command on a registered organisation. */
export type OrganizationChange = Exclude<OrganizationCommand, RegisterOrganization>;

/**
 * The one path of a command on an organisation. On a registered one: the clock once, the
 * organisation read from its stream and folded once (current right after a write), the policy asked
 * once (domain/organization.policy.ts: 404 outside the subtree, 403 without the role), then the
 * runner decides on the state just loaded (no second read or fold; a concurrent change re-reads).
 */
@Injectable()
export class OrganizationCommandShell {
  constructor(private readonly runner: CommandRunner, private readonly clock: Clock, private readonly orgs: OrganizationStreams) {}

  async run(orgId: string, ctx: CommandContext, command: (base: OrganizationCommandBase) => OrganizationChange): Promise<OrganizationAnswer> {
    // Before the stream name is built from it; a malformed id is as unknown as a missing one.
    if (!isOrganizationId(orgId)) throw notFound(ORG_NOT_FOUND, 'Organisation not found');
    const now = this.clock.now();
    const decided = command({ now });
    const found = await this.orgs.current(orgId);
    if (!found) throw notFound(ORG_NOT_FOUND, 'Organisation not found');
    authorizeOrganization(ctx.actor, decided.type, found.facts);
    return this.decide(orgId, ctx, now, decided, { state: found.state, revision: found.revision });
  }

  /** A new organisation: the register use case has checked the id and asked the policy; the decider refuses an id taken. */
  register(ctx: CommandContext, command: (base: OrganizationCommandBase) => RegisterOrganization): Promise<OrganizationAnswer> {
    const now = this.clock.now();
    const decided = command({ now });
    return this.decide(decided.id, ctx, now, decided);
  }

  private async decide(
    orgId: string,
    ctx: CommandContext,
    now: Date,
    command: OrganizationCommand,
    loaded?: { state: OrganizationState; revision: number },
  ): Promise<OrganizationAnswer> {
    const outcome = await this.runner.run({
      streamId: organizationStream(orgId),
      decider: organizationDecider,
      command,
      metadata: metadataFor(ctx),
      now,
      expectedRevision: ctx.expectedRevision,
      loaded,
    });
    return { id: orgId, revision: outcome.revision };
  }
}

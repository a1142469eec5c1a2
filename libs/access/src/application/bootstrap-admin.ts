import bcrypt from 'bcryptjs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, Clock, DomainError, newId, SYSTEM_ACTOR } from '@app/kernel';
import { EventStore, WrongExpectedVersion } from '@app/event-store';
import { CommandRunner, metadataFor } from '@app/platform';
import { organizationDecider, organizationStream } from '../domain/organization.decider.js';
import { userDecider, userStream } from '../domain/user.decider.js';
import { OrganizationStreams } from './organization-streams.js';
import { BCRYPT_COST } from './user-command-shell.js';

export const ACCESS_ENV = Symbol('ACCESS_ENV');

/**
 * BOOTSTRAP_ADMIN=username:password creates the first administrator, and its root county
 * organisation when that does not exist yet (BOOTSTRAP_ORG_ID, default `county`; BOOTSTRAP_ORG_NAME).
 * Runs at every start and does nothing once the user's stream exists: appends expect no stream,
 * so an API and a worker starting together create it once.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly runner: CommandRunner,
    private readonly orgs: OrganizationStreams,
    private readonly clock: Clock,
    private readonly store: EventStore,
    @Inject(ACCESS_ENV) private readonly env: Record<string, string | undefined>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const orgId = this.env.BOOTSTRAP_ORG_ID || 'county';
    const orgName = this.env.BOOTSTRAP_ORG_NAME || '县委组织部';
    // Every start after the first: the admin exists; no hashing, no further reads.
    if ((await this.store.streamRevision(userStream(admin.username))) >= 0) return;
    // The system actor, recorded as acting for the county it registers.
    const actor = { ...SYSTEM_ACTOR, orgId };
    const correlationId = newId();
    // Caused by the start with BOOTSTRAP_ADMIN, not by a request: the start is the message.
    const metadata = metadataFor({ actor, correlationId, causationId: `bootstrap:${correlationId}`, idempotencyKey: null });
    const now = this.clock.now();
    if ((await this.orgs.ref(orgId)) === null) {
      await this.tolerateRace(() =>
        this.runner.run({
          streamId: organizationStream(orgId),
          decider: organizationDecider,
          command: { type: 'RegisterOrganization', id: orgId, name: orgName, kind: 'county', parentId: null, parent: null, now },
          metadata,
          now,
          maxAttempts: 1,
        }),
      );
    }
    const org = await this.orgs.ref(orgId);
    const passwordHash = await bcrypt.hash(admin.password, BCRYPT_COST);
    const created = await this.tolerateRace(() =>
      this.runner.run({
        streamId: userStream(admin.username),
        decider: userDecider,
        command: { type: 'CreateUser', username: admin.username, passwordHash, orgId, roles: ['admin'], org, now, actor },
        metadata,
        now,
        maxAttempts: 1,
      }),
    );
    if (created) this.logger.log(`created the administrator ${admin.username} in ${orgId}`);
  }

  /** Another process bootstrapping at the same time, or an earlier start: nothing to do. */
  private async tolerateRace<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof WrongExpectedVersion) return undefined;
      if (error instanceof DomainError && (error.code === 'USER.DUPLICATE' || error.code === 'ORG.DUPLICATE')) return undefined;
      throw error;
    }
  }
}

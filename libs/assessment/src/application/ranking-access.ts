import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { canAdminister, canRead, canReadPublishedRanking, OrganizationDirectory, ORG_NOT_FOUND, type OrganizationRecord } from '@app/access';
import type { Actor } from '@app/platform';

/** What the caller may see of one supervisor's ranking: the draft (the supervisor, an admin), only what is published, or nothing (404). */
export type RankingSight = 'draft' | 'published';

/**
 * One owner for "who may see a ranking" (DESIGN §6): the supervising organisation's supervisors
 * (and admins) see the draft as it stands; every organisation under the same supervisor, and
 * whoever may read the supervisor, sees what was published; anyone else gets a 404, as for any
 * resource outside the caller's subtree.
 */
@Injectable()
export class RankingAccess {
  constructor(private readonly organizations: OrganizationDirectory) {}

  async sight(actor: Actor, supervisorOrgId: string): Promise<{ supervisor: OrganizationRecord; sight: RankingSight }> {
    const supervisor = await this.organizations.get(supervisorOrgId);
    if (!supervisor) throw notFound(ORG_NOT_FOUND, `No organisation ${supervisorOrgId}`);
    if (canAdminister(actor) || (actor.orgId === supervisor.id && actor.roles.includes('supervisor'))) return { supervisor, sight: 'draft' };
    const own = actor.orgId ? await this.organizations.get(actor.orgId) : null;
    if (canRead(actor, supervisor) || canReadPublishedRanking(actor, supervisor, own?.ancestors ?? [])) return { supervisor, sight: 'published' };
    throw notFound(ORG_NOT_FOUND, `No organisation ${supervisorOrgId}`);
  }
}

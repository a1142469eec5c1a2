import { Injectable } from '@nestjs/common';
import { notFound } from '@app/kernel';
import { SubjectAccess, type ReadableSubject } from '@app/access';
import type { Actor } from '@app/platform';
import { pledgeDecider, pledgeStream, PLEDGE_ERRORS, type Pledge } from '../domain/pledge.decider.js';
import type { PledgeSide } from '../domain/pledge.events.js';
import { authorizePledge, type PledgeIntent } from '../domain/pledge.policy.js';

export type LoadedPledge = ReadableSubject<Pledge> & {
  /** The side the caller acts for (null for a read). */
  side: PledgeSide | null;
};

/**
 * Loads a pledge from its stream (always current) and asks the pledge policy, once, whether the
 * caller may do what it intends and for which side (domain/pledge.policy.ts): an unknown id and a
 * pledge the caller may not read are the same 404.
 */
@Injectable()
export class PledgeAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  async load(pledgeId: string, actor: Actor, intent: PledgeIntent): Promise<LoadedPledge> {
    let side: PledgeSide | null = null;
    const loaded = await this.subjects.load(actor, pledgeId, {
      streamOf: pledgeStream,
      decider: pledgeDecider,
      missing: () => notFound(PLEDGE_ERRORS.NOT_FOUND, 'No such pledge'),
      authorize: (pledge, target) => {
        side = authorizePledge(actor, intent, pledge, target);
      },
    });
    return { ...loaded, side };
  }
}

import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from '@app/kernel';
import { ACCESS_FORBIDDEN, assertCanActFor, assertCanSupervise, canActFor, canSupervise, SubjectAccess, type ReadableSubject } from '@app/access';
import type { Actor } from '@app/platform';
import { pledgeDecider, pledgeStream, PLEDGE_ERRORS, type Pledge } from '../domain/pledge.decider.js';
import type { PledgeSide } from '../domain/pledge.events.js';

export type LoadedPledge = ReadableSubject<Pledge>;

/** Which side acts for a command: the target (its clerk), the supervisor (a supervisor of the target's parent), or whichever the caller is. */
export type PledgeActingSide = PledgeSide | 'either';

/** A pledge the caller may read (its target is in the caller's subtree); otherwise 404, as for notices. */
@Injectable()
export class PledgeAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  load(pledgeId: string, actor: Actor): Promise<LoadedPledge> {
    return this.subjects.load(actor, pledgeId, {
      streamOf: pledgeStream,
      decider: pledgeDecider,
      missing: () => notFound(PLEDGE_ERRORS.NOT_FOUND, 'No such pledge'),
    });
  }

  /**
   * Role and scope for acting on a loaded pledge, and the side the caller acts for: the target's
   * clerk for the target, a supervisor of the target's parent for the supervisor (else 403). The
   * decider then checks that the acting organisation is that side of this pledge.
   */
  sideOf(actor: Actor, wanted: PledgeActingSide, loaded: LoadedPledge): PledgeSide {
    const { target } = loaded;
    if (wanted === 'target') {
      assertCanActFor(actor, target);
      return 'target';
    }
    if (wanted === 'supervisor') {
      assertCanSupervise(actor, target);
      return 'supervisor';
    }
    if (canActFor(actor, target)) return 'target';
    if (canSupervise(actor, target)) return 'supervisor';
    throw forbidden(ACCESS_FORBIDDEN, `Only a clerk of ${target.id} or a supervisor of its parent may sign`);
  }
}

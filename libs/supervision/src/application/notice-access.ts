import { Injectable } from '@nestjs/common';
import { forbidden, notFound, type RecordedEvent } from '@app/kernel';
import { assertCanActFor, assertCanSupervise, canActFor, canSupervise, SubjectAccess, ACCESS_FORBIDDEN, type OrganizationRecord } from '@app/access';
import type { Actor } from '@app/platform';
import { noticeDecider, noticeStream, NOTICE_ERRORS, type Notice } from '../domain/notice.decider.js';

/** Which organisation acts for a command: the target (clerk), the issuer (supervisor), or either. */
export type NoticeSide = 'target' | 'issuer' | 'party';

export interface LoadedNotice {
  notice: Notice;
  /** Facts of the target organisation (scope checks are made against it). */
  target: OrganizationRecord;
  history: RecordedEvent[];
  revision: number;
}

/**
 * Loads a notice the caller may see, from its stream (always current, so a command or a read right
 * after a write sees it). Outside the caller's subtree it answers exactly as for an unknown id: 404.
 */
@Injectable()
export class NoticeAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  async load(noticeId: string, actor: Actor): Promise<LoadedNotice> {
    const { subject, ...loaded } = await this.subjects.load(actor, noticeId, {
      streamOf: noticeStream,
      decider: noticeDecider,
      missing: () => notFound(NOTICE_ERRORS.NOT_FOUND, 'No such notice'),
    });
    return { notice: subject, ...loaded };
  }

  /**
   * Role and scope for acting on a loaded notice: the target's clerk acts for the target; a
   * supervisor of the target's parent (the issuer) acts for the issuer. The decider then checks
   * that the acting organisation is the notice's issuer or target.
   */
  assertMayAct(actor: Actor, side: NoticeSide, loaded: LoadedNotice): void {
    const { target } = loaded;
    if (side === 'target') return assertCanActFor(actor, target);
    if (side === 'issuer') return assertCanSupervise(actor, target);
    if (!canActFor(actor, target) && !canSupervise(actor, target)) {
      throw forbidden(ACCESS_FORBIDDEN, `Only a clerk of ${target.id} or a supervisor of its parent may do this`);
    }
  }
}

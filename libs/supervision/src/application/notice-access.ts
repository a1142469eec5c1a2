import { Injectable } from '@nestjs/common';
import { foldRecorded, forbidden, isUuid, notFound, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { assertCanActFor, assertCanRead, assertCanSupervise, canActFor, canSupervise, OrganizationDirectory, ACCESS_FORBIDDEN, type OrganizationRecord } from '@app/access';
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
  constructor(private readonly store: EventStore, private readonly organizations: OrganizationDirectory) {}

  async load(noticeId: string, actor: Actor): Promise<LoadedNotice> {
    const missing = () => notFound(NOTICE_ERRORS.NOT_FOUND, 'No such notice');
    if (!isUuid(noticeId)) throw missing();
    const history = await this.store.readStream(noticeStream(noticeId));
    const state = foldRecorded(noticeDecider, history);
    if (!state.exists) throw missing();
    const target = await this.organizations.get(state.targetOrgId);
    // The target was readable when the notice was issued; a target missing from the tree read model
    // (being rebuilt) is treated as unknown rather than readable by everyone.
    if (!target) throw missing();
    assertCanRead(actor, target, NOTICE_ERRORS.NOT_FOUND, 'No such notice');
    return { notice: state, target, history, revision: history[history.length - 1]!.streamRevision };
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

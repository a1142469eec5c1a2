import { Injectable } from '@nestjs/common';
import { notFound, type Actor, type RecordedEvent } from '@app/kernel';
import { SubjectAccess, type OrganizationRecord } from '@app/access';
import { noticeDecider, noticeStream, NOTICE_ERRORS, type Notice } from '../domain/notice.decider.js';
import { authorizeNotice, type NoticeIntent } from '../domain/notice.policy.js';

export interface LoadedNotice {
  notice: Notice;
  /** Facts of the target organisation (the policy decided against them). */
  target: OrganizationRecord;
  history: RecordedEvent[];
  revision: number;
}

/**
 * Loads a notice from its stream (always current, so a command or a read right after a write sees
 * it) and asks the notice's access policy, once, whether the caller may do what it intends: an
 * unknown id and a notice the caller may not see are the same 404.
 */
@Injectable()
export class NoticeAccess {
  constructor(private readonly subjects: SubjectAccess) {}

  async load(noticeId: string, actor: Actor, intent: NoticeIntent): Promise<LoadedNotice> {
    const { subject, ...loaded } = await this.subjects.load(actor, noticeId, {
      streamOf: noticeStream,
      decider: noticeDecider,
      missing: () => notFound(NOTICE_ERRORS.NOT_FOUND, 'No such notice'),
      authorize: (notice, target) => authorizeNotice(actor, intent, notice, target),
    });
    return { notice: subject, ...loaded };
  }
}

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { NoticeView } from './notice-view.js';

export class GetNoticeQuery extends Query<NoticeView> {
  constructor(readonly noticeId: string, readonly actor: Actor) {
    super();
  }
}

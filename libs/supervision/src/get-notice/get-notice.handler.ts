import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { NoticeAccess } from '../application/notice-access.js';
import { GetNoticeQuery } from './get-notice.query.js';
import { toNoticeView, type NoticeView } from './notice-view.js';

/** A notice folded from its own stream (current right after a write), if the policy lets the caller read it; its light at this moment. */
@QueryHandler(GetNoticeQuery)
export class GetNoticeHandler implements IQueryHandler<GetNoticeQuery> {
  constructor(private readonly access: NoticeAccess, private readonly clock: Clock, private readonly config: AppConfig) {}

  async execute({ noticeId, actor }: GetNoticeQuery): Promise<NoticeView> {
    const loaded = await this.access.load(noticeId, actor, 'read');
    return toNoticeView(loaded.notice, loaded.history, this.clock.now(), this.config.escalationPolicy.notice.yellowWithin);
  }
}

import { isAbsolute, resolve } from 'node:path';
import { Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig, CalendarSet, loadCalendars } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { ProjectionRegistry } from '@app/platform';
import { NoticeAccess } from './application/notice-access.js';
import { NoticeCommandShell } from './application/notice-command-shell.js';
import { noticeDeadlineSource } from './application/notice-deadline-source.js';
import { IssueNoticeHandler } from './issue-notice/issue-notice.handler.js';
import { AcknowledgeNoticeHandler } from './acknowledge-notice/acknowledge-notice.handler.js';
import { AddProgressNoteHandler } from './add-progress-note/add-progress-note.handler.js';
import { RectifyItemHandler } from './rectify-item/rectify-item.handler.js';
import { VerifyItemHandler } from './verify-item/verify-item.handler.js';
import { RejectItemHandler } from './reject-item/reject-item.handler.js';
import { RequestExtensionHandler } from './request-extension/request-extension.handler.js';
import { GrantExtensionHandler } from './grant-extension/grant-extension.handler.js';
import { DenyExtensionHandler } from './deny-extension/deny-extension.handler.js';
import { WithdrawNoticeHandler } from './withdraw-notice/withdraw-notice.handler.js';
import { GetNoticeHandler } from './get-notice/get-notice.handler.js';
import { ListNoticesHandler } from './list-notices/list-notices.handler.js';
import { GetSupervisionStatsHandler } from './get-supervision-stats/get-supervision-stats.handler.js';
import { NoticesController } from './http/notices.http.controller.js';
import { SupervisionStatsController } from './http/supervision-stats.http.controller.js';
import { NoticesProjection } from './read-models/notices.projection.js';

/** Working-day data (config/calendar/<year>.json); CALENDAR_DIR overrides the folder. */
function calendarsFromConfig(): CalendarSet {
  const dir = process.env.CALENDAR_DIR ?? 'config/calendar';
  return loadCalendars(isAbsolute(dir) ? dir : resolve(process.cwd(), dir));
}

/**
 * Supervision notices (督办通知) with rectification deadlines: commands, the notice read models,
 * supervision stats, and the notice deadline source for the board and the escalation ladder.
 */
@Module({})
export class SupervisionModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Supervision');

  static forRoot(): DynamicModule {
    return {
      module: SupervisionModule,
      imports: [EscalationModule],
      controllers: [NoticesController, SupervisionStatsController],
      providers: [
        { provide: CalendarSet, useFactory: calendarsFromConfig },
        NoticeAccess,
        NoticeCommandShell,
        IssueNoticeHandler,
        AcknowledgeNoticeHandler,
        AddProgressNoteHandler,
        RectifyItemHandler,
        VerifyItemHandler,
        RejectItemHandler,
        RequestExtensionHandler,
        GrantExtensionHandler,
        DenyExtensionHandler,
        WithdrawNoticeHandler,
        GetNoticeHandler,
        ListNoticesHandler,
        GetSupervisionStatsHandler,
      ],
    };
  }

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly sources: DeadlineSources,
    private readonly config: AppConfig,
    private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.sources.register(noticeDeadlineSource);
    this.registry.register(new NoticesProjection(this.config.tzBusiness));
  }

  /** `npm start` on an empty store offers the demo county (it does not load it unasked). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv === 'test') return;
    try {
      const page = await this.store.readAll({ categories: ['notice'], maxCount: 1 });
      if (page.events.length === 0) {
        this.logger.log('No supervision notices yet. To load a demo county (中牟县-like: 刘集镇, 狼城岗镇, ...) with users and notices in every state, run: npm run seed:demo (see docs/demo.md)');
      }
    } catch (error) {
      this.logger.warn(`could not check for notices: ${(error as Error).message}`);
    }
  }
}

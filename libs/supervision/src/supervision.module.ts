import { isAbsolute, resolve } from 'node:path';
import { Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig, CalendarSet, loadCalendars } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { ProjectionRegistry } from '@app/platform';
import { NoticeAccess } from './application/notice-access.js';
import { noticeDeadlineSource } from './application/notice-deadline-source.js';
import { IssueNoticeHandler } from './issue-notice/issue-notice.handler.js';
import { NoticeActionHandler } from './notice-actions/notice-action.handler.js';
import { NoticesController } from './http/notices.http.controller.js';
import { SupervisionStatsController } from './http/supervision-stats.http.controller.js';
import { NoticesProjection } from './read-models/notices.projection.js';
import { NoticeListQuery } from './read-models/notice-list.query.js';
import { SupervisionStatsQuery } from './read-models/supervision-stats.query.js';

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
        NoticeListQuery,
        SupervisionStatsQuery,
        IssueNoticeHandler,
        NoticeActionHandler,
      ],
      exports: [NoticeListQuery, SupervisionStatsQuery],
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

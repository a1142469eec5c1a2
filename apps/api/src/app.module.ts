import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import type { Clock } from '@app/kernel';
import { AccessModule } from '@app/access';
import { ReportingModule } from '@app/reporting';
import { SupervisionModule } from '@app/supervision';
import { EscalationModule } from '@app/escalation';
import { NotificationsModule } from '@app/notifications';
import { ConversationsModule } from '@app/conversations';
import { PledgesModule } from '@app/pledges';
import { AssessmentModule } from '@app/assessment';

export interface AppModuleOptions {
  env?: Record<string, string | undefined>;
  /** Include the background side (BullMQ processors, schedulers); projections follow RUN_BACKGROUND. */
  worker: boolean;
  clock?: Clock;
}

/**
 * The composition root shared by every entry point: the API, the worker and the all-in-one
 * start build the same modules, so they cannot drift apart.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const contexts: DynamicModule[] = [
      AccessModule.forRoot(options.env),
      ReportingModule.forRoot(options.env, { worker: options.worker }),
      SupervisionModule.forRoot(),
      EscalationModule.forRoot({ worker: options.worker, env: options.env }),
      NotificationsModule.forRoot({ worker: options.worker, env: options.env }),
      ConversationsModule.forRoot(),
      PledgesModule.forRoot(),
      AssessmentModule.forRoot(options.env),
    ];
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ env: options.env, clock: options.clock }), ...contexts],
    };
  }
}

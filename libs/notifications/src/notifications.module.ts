import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '@app/platform';
import { InboxProjection } from './inbox.projection.js';
import { InboxController, InboxQuery } from './inbox.http.controller.js';
import { Notifier, WebhookDirectory, WebhookNotifier } from './notifier.js';
import { OutboxDispatcher, OutboxSettings } from './outbox-dispatcher.js';

export interface NotificationsOptions {
  /** The worker side sends the outbox (with RUN_BACKGROUND). */
  worker: boolean;
  /** Environment overrides: NOTIFY_WEBHOOKS (JSON, validated at start), NOTIFY_POLL_MS. */
  env?: Record<string, string | undefined>;
  /** Replaces the webhook adapter (another channel). */
  notifier?: new (...args: never[]) => Notifier;
}

/** The in-app inbox (GET /inbox), the notification outbox and its webhook sender. */
@Module({})
export class NotificationsModule implements OnModuleInit {
  static forRoot(options: NotificationsOptions): DynamicModule {
    const env = { ...process.env, ...options.env };
    const directory = WebhookDirectory.parse(env.NOTIFY_WEBHOOKS);
    const settings = new OutboxSettings();
    if (env.NOTIFY_POLL_MS) settings.pollMs = Math.max(50, Number(env.NOTIFY_POLL_MS) || settings.pollMs);
    if (env.NOTIFY_RETRY_BASE_MS) settings.retryBaseMs = Math.max(10, Number(env.NOTIFY_RETRY_BASE_MS) || settings.retryBaseMs);
    return {
      module: NotificationsModule,
      controllers: [InboxController],
      providers: [
        InboxQuery,
        { provide: WebhookDirectory, useValue: directory },
        { provide: OutboxSettings, useValue: settings },
        options.notifier ? { provide: Notifier, useClass: options.notifier } : { provide: Notifier, useFactory: (d: WebhookDirectory) => new WebhookNotifier(d), inject: [WebhookDirectory] },
        ...(options.worker ? [OutboxDispatcher] : []),
      ],
      exports: [InboxQuery, Notifier, WebhookDirectory],
    };
  }

  constructor(private readonly registry: ProjectionRegistry) {}

  onModuleInit(): void {
    this.registry.register(new InboxProjection());
  }
}

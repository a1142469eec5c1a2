import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '@app/platform';
import { InboxProjection } from './read-models/inbox.projection.js';
import { InboxController } from './http/inbox.http.controller.js';
import { ListInboxHandler } from './list-inbox/list-inbox.handler.js';
import { MarkInboxItemReadHandler } from './mark-inbox-item-read/mark-inbox-item-read.handler.js';
import { Notifier, WebhookDirectory, WebhookNotifier } from './send-notifications/notifier.js';
import { OutboxDispatcher, OutboxSettings } from './send-notifications/outbox-dispatcher.js';

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
        ListInboxHandler,
        MarkInboxItemReadHandler,
        { provide: WebhookDirectory, useValue: directory },
        { provide: OutboxSettings, useValue: settings },
        options.notifier ? { provide: Notifier, useClass: options.notifier } : { provide: Notifier, useFactory: (d: WebhookDirectory) => new WebhookNotifier(d), inject: [WebhookDirectory] },
        ...(options.worker ? [OutboxDispatcher] : []),
      ],
      exports: [Notifier, WebhookDirectory],
    };
  }

  constructor(private readonly registry: ProjectionRegistry) {}

  onModuleInit(): void {
    this.registry.register(new InboxProjection());
  }
}

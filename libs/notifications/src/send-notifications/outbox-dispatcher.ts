import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';
import { register } from 'prom-client';
import { AppConfig } from '@app/kernel';
import { Database } from '@app/platform';
import type { InboxItemDraft } from '../domain/inbox-items.js';
import { Notifier } from './notifier.js';
import { notificationText } from '../domain/notification-text.js';

const deliveries =
  (register.getSingleMetric('notifications_total') as Counter<'outcome'> | undefined) ??
  new Counter({ name: 'notifications_total', help: 'Outbox deliveries by outcome (sent, no_channel, retry, dead)', labelNames: ['outcome'] });

export class OutboxSettings {
  pollMs = 500;
  batch = 20;
  maxAttempts = 10;
  /** First retry delay; doubles each attempt (with jitter), capped at 10 minutes. */
  retryBaseMs = 1_000;
  /** A claimed row is taken again after this if its sender died mid-send. */
  leaseMs = 60_000;
}

interface OutboxRow {
  id: string;
  attempts: number;
  item: Omit<InboxItemDraft, 'occurredAt'> & { occurredAt: string };
  title: string | null;
}

/**
 * Sends the outbox (worker side). Rows are claimed with a lease (FOR UPDATE SKIP LOCKED, so
 * several workers share the work), sent, then marked; a failure is retried with exponential
 * back-off and jitter up to `maxAttempts`, then the row is marked dead (visible, not lost). A
 * crash between sending and marking re-sends after the lease with the same Idempotency-Key.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly notifier: Notifier,
    private readonly config: AppConfig,
    private readonly settings: OutboxSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runBackground) this.loop(0);
  }

  private loop(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.dispatchOnce()
        .then((n) => this.loop(n === this.settings.batch ? 0 : this.settings.pollMs))
        .catch((error: Error) => {
          this.logger.warn(`outbox: ${error.message}`);
          this.loop(Math.max(this.settings.pollMs, 2_000));
        });
    }, delay);
    this.timer.unref();
  }

  /** One batch; returns how many rows it claimed. */
  async dispatchOnce(): Promise<number> {
    const { rows } = await this.database.pool.query<OutboxRow>(
      `with claimed as (
         update read.notification_outbox o
            set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
          where o.id in (select id from read.notification_outbox
                          where status = 'pending' and next_attempt_at <= now()
                          order by next_attempt_at limit $1 for update skip locked)
         returning o.id, o.attempts, o.item)
       select c.id, c.attempts, c.item, d.title
         from claimed c left join read.deadlines d on d.stream_id = c.item ->> 'subjectStream'`,
      [this.settings.batch, this.settings.leaseMs],
    );
    const delivered: Array<{ id: string; status: 'sent' | 'no_channel' }> = [];
    await Promise.all(rows.map((row) => this.send(row, delivered)));
    // One statement marks every delivered row of the batch (a ladder burst: a round trip per row was
    // most of the outbox's PostgreSQL time). A crash before it re-sends after the lease, with the
    // same Idempotency-Key, as a crash between sending and marking always did.
    if (delivered.length > 0) {
      await this.database.pool.query(
        `update read.notification_outbox o set status = d.status, sent_at = now(), last_error = null
           from unnest($1::uuid[], $2::text[]) as d(id, status) where o.id = d.id`,
        [delivered.map((d) => d.id), delivered.map((d) => d.status)],
      );
      for (const d of delivered) deliveries.inc({ outcome: d.status });
    }
    return rows.length;
  }

  private async send(row: OutboxRow, delivered: Array<{ id: string; status: 'sent' | 'no_channel' }>): Promise<void> {
    const item = row.item;
    try {
      const result = await this.notifier.deliver({
        id: row.id,
        orgId: item.orgId,
        kind: item.kind,
        eventType: item.eventType,
        subjectKind: item.subjectKind,
        subjectId: item.subjectId,
        title: row.title,
        text: notificationText(item, row.title, this.config.tzBusiness),
        occurredAt: item.occurredAt,
        details: item.details,
      });
      delivered.push({ id: row.id, status: result === 'sent' ? 'sent' : 'no_channel' });
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (row.attempts >= this.settings.maxAttempts) {
        await this.database.pool.query(`update read.notification_outbox set status = 'dead', last_error = $2 where id = $1`, [row.id, message]);
        deliveries.inc({ outcome: 'dead' });
        this.logger.error(`notification ${row.id} for ${item.orgId} given up after ${row.attempts} attempts: ${message}`);
        return;
      }
      const backoff = Math.min(600_000, this.settings.retryBaseMs * 2 ** (row.attempts - 1));
      const delay = Math.round(backoff * (0.5 + Math.random() * 0.5));
      await this.database.pool.query(
        `update read.notification_outbox set last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) where id = $1`,
        [row.id, message, delay],
      );
      deliveries.inc({ outcome: 'retry' });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig, SYSTEM_ACTOR } from '@app/kernel';
import { BoardQueues } from '@app/escalation';
import { createRedis } from '@app/platform';
import { periodContaining, type Cadence } from '../domain/period.js';
import { OpenReportingPeriodCommand } from './open-reporting-period.command.js';

/** The queue's name is kept from when it lived with the ladder, so Job Schedulers already in Redis stay found. */
export const REPORTING_PERIOD_QUEUE = 'recurring';
const DAY_S = 86_400;

export type PeriodCadence = Extract<Cadence, 'quarterly' | 'half-yearly'>;

/** Cron patterns (minute hour day month weekday) in TZ_BUSINESS: 00:00 on the first day of each quarter / half-year. */
export const PERIOD_OPENING_SCHEDULES: Array<{ id: string; pattern: string; cadence: PeriodCadence }> = [
  { id: 'open-reporting-period-quarterly', pattern: '0 0 1 1,4,7,10 *', cadence: 'quarterly' },
  { id: 'open-reporting-period-half-yearly', pattern: '0 0 1 1,7 *', cadence: 'half-yearly' },
];

export interface OpenPeriodJobData {
  cadence: PeriodCadence;
}

/** The system acting with admin scope, as the scheduled job that opens reporting periods. */

/** The queue of the period-opening Job Schedulers, reporting's own; bull-board shows it. */
@Injectable()
export class ReportingPeriodQueue implements OnApplicationShutdown {
  readonly connection: Redis;
  readonly queue: Queue<OpenPeriodJobData>;

  constructor(config: AppConfig, board: BoardQueues) {
    this.connection = createRedis(config.redisUrl);
    this.connection.on('error', () => undefined);
    this.queue = new Queue<OpenPeriodJobData>(REPORTING_PERIOD_QUEUE, {
      connection: this.connection,
      prefix: config.queuePrefix,
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 }, removeOnComplete: { age: 400 * DAY_S }, removeOnFail: { age: 400 * DAY_S } },
    });
    this.queue.on('error', () => undefined);
    board.add(this.queue as Queue);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

/**
 * BullMQ v6 Job Schedulers (not legacy repeatables) that open each quarter's and half-year's
 * reporting period with the same command as `POST /reporting-periods/:period/open`. Upserting is
 * idempotent, so every worker may do it at start; one job per occurrence exists whatever the
 * number of workers.
 */
@Injectable()
export class ReportingPeriodSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReportingPeriodSchedule');
  private connection: Redis | undefined;
  private worker: Worker<OpenPeriodJobData> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly commands: CommandBus,
    private readonly queues: ReportingPeriodQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runBackground) return;
    this.connection = createRedis(this.config.redisUrl);
    this.connection.on('error', () => undefined);
    await this.upsertSchedulers();
    // Redis is disposable: the schedulers are upserted again with every reconciliation period.
    this.timer = setInterval(() => void this.upsertSchedulers().catch((e: Error) => this.logger.warn(`upserting the schedulers: ${e.message}`)), this.config.reconcileEveryMs);
    this.timer.unref();
    this.worker = new Worker<OpenPeriodJobData>(REPORTING_PERIOD_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: 1,
    });
    this.worker.on('error', (error) => this.logger.warn(`recurring worker: ${error.message}`));
    this.worker.on('failed', (job, error) => this.logger.error(`recurring job ${job?.id} failed: ${error.message}`));
  }

  /** Idempotent: the same ids, patterns and time zone leave one scheduler each. */
  async upsertSchedulers(): Promise<void> {
    for (const s of PERIOD_OPENING_SCHEDULES) {
      await this.queues.queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: this.config.tzBusiness }, { name: s.id, data: { cadence: s.cadence } });
    }
  }

  async process(job: Pick<Job<OpenPeriodJobData>, 'id' | 'timestamp' | 'opts' | 'data'>): Promise<{ period: string }> {
    // The occurrence's own time, not the time it ran: a job run late still opens its own period.
    const scheduledAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    const period = periodContaining(scheduledAt, job.data.cadence, this.config.tzBusiness);
    const jobId = job.id ?? period;
    await this.commands.execute(
      new OpenReportingPeriodCommand(period, { actor: SYSTEM_ACTOR, correlationId: jobId, causationId: jobId, idempotencyKey: `open-period:${period}`, expectedRevision: null }),
    );
    this.logger.log(`opened reporting period ${period}`);
    return { period };
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

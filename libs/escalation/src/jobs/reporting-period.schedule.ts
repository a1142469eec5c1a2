import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/kernel';
import { createRedis, type Actor } from '@app/platform';
import { LadderQueue, RECURRING_QUEUE } from './ladder-queue.js';

export type PeriodCadence = 'quarterly' | 'half-yearly';

/** Cron patterns (minute hour day month weekday) in TZ_BUSINESS: 00:00 on the first day of each quarter / half-year. */
export const PERIOD_OPENING_SCHEDULES: Array<{ id: string; pattern: string; cadence: PeriodCadence }> = [
  { id: 'open-reporting-period-quarterly', pattern: '0 0 1 1,4,7,10 *', cadence: 'quarterly' },
  { id: 'open-reporting-period-half-yearly', pattern: '0 0 1 1,7 *', cadence: 'half-yearly' },
];

export interface OpenPeriodJobData {
  cadence: PeriodCadence;
}

/** The system acting with admin scope, as the scheduled job that opens reporting periods. */
export const SYSTEM_ADMIN: Actor = { userId: 'system', username: 'system', orgId: '', roles: ['admin'] };

/** The period that starts at `instant` in the business time zone: `2026-Q2`, `2026-H2`. */
export function periodStartingAt(instant: Date, cadence: PeriodCadence, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(instant);
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  return cadence === 'quarterly' ? `${year}-Q${Math.floor((month - 1) / 3) + 1}` : `${year}-H${month <= 6 ? 1 : 2}`;
}

/**
 * What the job sends: the typed cqrs command `OpenReportingPeriod(period, actor, origin)` of
 * `@app/reporting` (the same command as `POST /reporting-periods/:period/open`), looked up when
 * the job runs so the two libraries do not import each other at load time. Should the reporting
 * context stop exporting it, the job fails permanently with a message saying so.
 */
export type OpenPeriodCommandFactory = (input: { period: string; actor: Actor; jobId: string }) => Promise<object>;

export const resolveOpenReportingPeriod: OpenPeriodCommandFactory = async (input) => {
  const reporting = (await import('@app/reporting')) as Record<string, unknown>;
  const Command = reporting.OpenReportingPeriod as (new (period: string, actor: Actor, origin: { correlationId: string; causationId: string; idempotencyKey: string }) => object) | undefined;
  if (typeof Command !== 'function') {
    throw new UnrecoverableError('@app/reporting does not export the OpenReportingPeriod command: the reporting period cannot be opened by the schedule');
  }
  return new Command(input.period, input.actor, { correlationId: input.jobId, causationId: input.jobId, idempotencyKey: `open-period:${input.period}` });
};

/**
 * BullMQ v6 Job Schedulers (not legacy repeatables) that open each quarter's and half-year's
 * reporting period. Upserting is idempotent, so every worker may do it at start; one job per
 * occurrence exists whatever the number of workers.
 */
@Injectable()
export class ReportingPeriodSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReportingPeriodSchedule');
  private connection: Redis | undefined;
  private worker: Worker<OpenPeriodJobData> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Replaceable in tests. */
  commandFactory: OpenPeriodCommandFactory = resolveOpenReportingPeriod;

  constructor(
    private readonly config: AppConfig,
    private readonly commands: CommandBus,
    private readonly queues: LadderQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runBackground) return;
    this.connection = createRedis(this.config.redisUrl);
    this.connection.on('error', () => undefined);
    await this.upsertSchedulers();
    // Redis is disposable: the schedulers are upserted again with every reconciliation period.
    this.timer = setInterval(() => void this.upsertSchedulers().catch((e: Error) => this.logger.warn(`upserting the schedulers: ${e.message}`)), this.config.reconcileEveryMs);
    this.timer.unref();
    this.worker = new Worker<OpenPeriodJobData>(RECURRING_QUEUE, (job) => this.process(job), {
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
      await this.queues.recurring.upsertJobScheduler(s.id, { pattern: s.pattern, tz: this.config.tzBusiness }, { name: s.id, data: { cadence: s.cadence } });
    }
  }

  async process(job: Job<OpenPeriodJobData>): Promise<{ period: string }> {
    // The occurrence's own time, not the time it ran: a job run late still opens its own period.
    const scheduledAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    const period = periodStartingAt(scheduledAt, job.data.cadence, this.config.tzBusiness);
    const command = await this.commandFactory({ period, actor: SYSTEM_ADMIN, jobId: job.id ?? period });
    await this.commands.execute(command as never);
    this.logger.log(`opened reporting period ${period}`);
    return { period };
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

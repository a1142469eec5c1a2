import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig, Clock } from '@app/kernel';
import { createRedis } from '@app/platform';
import type { LadderJobData } from '../domain/ladder.js';
import { LadderFirer, PermanentLadderFailure, type FireOutcome } from './ladder-firer.js';
import { LADDER_JOB_RETENTION, LADDER_QUEUE } from './ladder-queue.js';
import { ladderJobOutcomes, ladderStepLateness } from './ladder-metrics.js';

function summarize(outcome: FireOutcome): string {
  return outcome.outcome === 'skipped' ? `skipped:${outcome.reason}` : 'appended';
}

/** Worker tuning, from the environment (LADDER_CONCURRENCY, LADDER_LOCK_MS, LADDER_STALLED_INTERVAL_MS, LADDER_LOSS_CHECK_MS). */
export class LadderWorkerSettings {
  /** Jobs in hand at once. High, because a job mostly waits for PostgreSQL, and the firer batches them. */
  concurrency = 400;
  /**
   * How long a job's lock lives without renewal (BullMQ renews it every half of this while the job
   * runs). A worker that dies with jobs in hand (400 at a quarter's end) leaves them locked this
   * long, and they are taken up again at the next stalled check after that: lock plus interval is
   * the worst delay a crash adds to a step, and it must fit well inside the 60 s a step may be late
   * (issue 15.1; 30 s + 30 s did not). A job takes well under a second (bench:burst: p99 ~1 s on
   * a busy machine), so a 10 s lock renewed every 5 s is not lost by a job that is merely slow; if
   * a starved worker does miss a renewal, the job runs twice and appends once (deterministic ids,
   * the expected revision).
   */
  lockDurationMs = 10_000;
  /** How often a worker looks for stalled jobs (lock gone, still active): one small script in Redis. */
  stalledIntervalMs = 5_000;
  /**
   * How often the reconciler checks that Redis still holds its mark (0: never). A flushed or
   * restarted-empty Redis loses the schedule without an error anywhere; without this check the
   * loss would wait for the next RECONCILE_EVERY (5 minutes by default) to be repaired.
   */
  lossCheckMs = 2_000;

  static fromEnv(env: Record<string, string | undefined> = process.env): LadderWorkerSettings {
    const int = (name: string, fallback: number, min: number) => {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
      return value;
    };
    const settings = new LadderWorkerSettings();
    settings.concurrency = int('LADDER_CONCURRENCY', settings.concurrency, 1);
    settings.lockDurationMs = int('LADDER_LOCK_MS', settings.lockDurationMs, 1_000);
    settings.stalledIntervalMs = int('LADDER_STALLED_INTERVAL_MS', settings.stalledIntervalMs, 500);
    settings.lossCheckMs = int('LADDER_LOSS_CHECK_MS', settings.lossCheckMs, 0);
    return settings;
  }
}

/**
 * The BullMQ worker of the ladder (only where the worker side runs). A job re-reads its subject
 * and appends only if its step is still due (LadderFirer). Failures are retried with exponential
 * back-off and jitter; a permanent one (unknown kind) fails at once; a job that runs early is
 * put back until its time. `close()` on shutdown lets the job in hand finish.
 */
@Injectable()
export class LadderWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LadderWorker');
  private worker: Worker<LadderJobData, string> | undefined;
  readonly name = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private connection: Redis | undefined;

  constructor(
    private readonly firer: LadderFirer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly settings: LadderWorkerSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runBackground) return;
    this.connection = createRedis(this.config.redisUrl);
    this.connection.on('error', () => undefined);
    // The job's stored result is only the short outcome ("appended", "skipped:closed"): what
    // bull-board shows; the events themselves are in the store.
    this.worker = new Worker<LadderJobData, string>(LADDER_QUEUE, async (job, token) => summarize(await this.process(job, token)), {
      // Stored on every job it processes (bull-board shows it): which worker process fired a step.
      name: this.name,
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: this.settings.concurrency,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.stalledIntervalMs,
      maxStalledCount: 5,
      ...LADDER_JOB_RETENTION,
    });
    this.worker.on('error', (error) => this.logger.warn(`ladder worker: ${error.message}`));
    this.worker.on('failed', (job, error) => {
      if (job) this.logger.warn(`ladder job ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
    });
  }

  async process(job: Job<LadderJobData>, token?: string): Promise<FireOutcome> {
    const data = job.data;
    const now = this.clock.now();
    let outcome: FireOutcome;
    try {
      outcome = await this.firer.fireBatched(data, job.id ?? 'unknown', now);
    } catch (error) {
      ladderJobOutcomes.inc({ step: data.step, outcome: 'failed', reason: error instanceof PermanentLadderFailure ? 'permanent' : 'error' });
      if (error instanceof PermanentLadderFailure) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (outcome.outcome === 'skipped' && outcome.reason === 'not_due' && outcome.fireAt && token) {
      // The job ran before its step's time (clocks apart): wait for the time instead of dropping it.
      // Relative to this worker's clock (BullMQ counts in Redis-side real time).
      await job.moveToDelayed(Date.now() + Math.max(0, outcome.fireAt.getTime() - now.getTime()), token);
      throw new DelayedError();
    }
    ladderJobOutcomes.inc({ step: data.step, outcome: outcome.outcome, reason: outcome.outcome === 'skipped' ? outcome.reason : '' });
    if (outcome.outcome === 'appended') {
      ladderStepLateness.observe({ step: data.step }, Math.max(0, now.getTime() - outcome.fireAt.getTime()) / 1000);
    }
    return outcome;
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Waits for the jobs in hand; their events are appended before the database closes.
    await this.worker?.close().catch(() => undefined);
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}

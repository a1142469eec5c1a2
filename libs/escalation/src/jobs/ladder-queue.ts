import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig, type DeadlineKind } from '@app/kernel';
import { createRedis } from '@app/platform';
import { ladderJobData, ladderJobId, type LadderJobData, type LadderStep, type LadderStepName } from '../domain/ladder.js';

export const LADDER_QUEUE = 'ladder';
export const LADDER_JOB = 'ladder-step';

const DAY_S = 86_400;

/**
 * Every ladder job is retried with exponential back-off and jitter: a PostgreSQL hiccup must not
 * lose a step.
 */
export const LADDER_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
};

/**
 * Finished ladder jobs are removed by age so Redis does not grow without bound. A completed job is
 * kept a week so re-adding the same deterministic id during that time stays a no-op. The worker
 * applies this (BullMQ's worker-level `removeOnComplete`/`removeOnFail`: removal by age works on
 * the whole finished set) rather than every job carrying it in its options: options are stored in
 * each job's hash and decoded on every fetch and completion (bench:escalation, a few per cent of a
 * step's Redis and worker time).
 */
export const LADDER_JOB_RETENTION = {
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
} as const satisfies Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>;

/** A job to add: the step's deterministic id and how long to wait (0 when already due). */
export interface PlannedJob {
  jobId: string;
  data: LadderJobData;
  delayMs: number;
  /** Real time when the delay was computed: the delay shrinks by the time spent before the add. */
  plannedAtMs: number;
  /** The step is due now: an earlier job with this id that finished as a no-op must not block it. */
  due: boolean;
}

export function plannedJob(step: LadderStep, kind: DeadlineKind, subjectId: string, streamId: string, now: Date): PlannedJob {
  const delayMs = Math.max(0, step.fireAt.getTime() - now.getTime());
  return { jobId: step.jobId, data: ladderJobData(step, kind, subjectId, streamId), delayMs, plannedAtMs: Date.now(), due: delayMs === 0 };
}

/**
 * The BullMQ queue that holds the ladder's schedule. Redis is only the schedule: everything in
 * it can be rebuilt from the deadlines read model (see LadderReconciler). The prefix is
 * hash-tagged (`{dj}` by default) so every key of the queue lands in one Redis Cluster slot.
 */
@Injectable()
export class LadderQueue implements OnApplicationShutdown {
  readonly connection: Redis;
  readonly queue: Queue<LadderJobData>;
  readonly prefix: string;

  constructor(config: AppConfig) {
    this.prefix = config.queuePrefix;
    this.connection = createRedis(config.redisUrl);
    this.connection.on('error', () => undefined);
    this.queue = new Queue<LadderJobData>(LADDER_QUEUE, { connection: this.connection, prefix: this.prefix, defaultJobOptions: LADDER_JOB_OPTIONS });
    this.queue.on('error', () => undefined);
  }

  /**
   * Adds the jobs (one round trip for the lot); an id already in Redis is left as it is.
   * For steps already due, a job of the same id that finished (as a no-op: the deadline was
   * paused, or the worker's clock ran early) is removed first, so the step runs again now.
   */
  async addAll(jobs: PlannedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const due = jobs.filter((j) => j.due);
    if (due.length > 0) {
      const states = await Promise.all(due.map((j) => this.queue.getJobState(j.jobId)));
      await Promise.all(
        due.map((j, i) => (states[i] === 'completed' || states[i] === 'failed' ? this.queue.remove(j.jobId).catch(() => 0) : 0)),
      );
    }
    for (let i = 0; i < jobs.length; i += 1000) {
      const at = Date.now();
      await this.queue.addBulk(
        jobs.slice(i, i + 1000).map((j) => ({ name: LADDER_JOB, data: j.data, opts: { jobId: j.jobId, delay: Math.max(0, j.delayMs - (at - j.plannedAtMs)) } })),
      );
    }
  }

  /**
   * The reconciler's mark: set when a reconciliation starts. Redis loses it with everything
   * else (FLUSHDB, a restart without persistence, a failover to an empty replica), which is how
   * the worker notices that the schedule is gone.
   */
  async markReconciled(at: Date): Promise<void> {
    await this.connection.set(this.reconciledKey, at.toISOString());
  }

  async reconciledMarkExists(): Promise<boolean> {
    return (await this.connection.exists(this.reconciledKey)) === 1;
  }

  /** Under the queue's hash-tagged prefix: the same Redis Cluster slot as the queue's keys. */
  private get reconciledKey(): string {
    return `${this.prefix}:${LADDER_QUEUE}:reconciled`;
  }

  /** Removes the jobs of a deadline version that no longer counts; an active (locked) job is left to find itself stale. */
  async removeVersion(kind: DeadlineKind, subjectId: string, version: number, remindBefore: number[]): Promise<void> {
    const ids = [
      ...remindBefore.map((ms) => ladderJobId(kind, subjectId, version, 'remind', ms)),
      ...(['missed', 'warn', 'escalate'] as LadderStepName[]).map((step) => ladderJobId(kind, subjectId, version, step)),
    ];
    await Promise.all(ids.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

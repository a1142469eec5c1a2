import { Module, type DynamicModule, type OnModuleInit, type Type } from '@nestjs/common';
import { AppConfig, Clock } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { ProjectionHost, ProjectionRegistry, ReadinessChecks } from '@app/platform';
import { DeadlineSources } from '../deadlines/deadline-source.js';
import { LadderQueue } from './ladder-queue.js';
import { LadderFirer, SubjectLoader } from './ladder-firer.js';
import { LadderSchedulerReactor } from './ladder-scheduler.reactor.js';
import { LadderWorker, LadderWorkerSettings } from './ladder-worker.js';
import { LadderReconciler } from './ladder-reconciler.js';
import { LadderOverdueQuery } from './ladder-overdue.query.js';
import { registerLadderGauges } from './ladder-metrics.js';
import { QueueBoard } from './queue-board.js';

export interface EscalationJobsOptions {
  /** The worker side: BullMQ workers, the reconciler and the Job Schedulers (they also need RUN_BACKGROUND). */
  worker: boolean;
  /** Environment overrides (LADDER_CONCURRENCY, LADDER_LOCK_MS, LADDER_STALLED_INTERVAL_MS, LADDER_READY_MAX_OVERDUE_MS). */
  env?: Record<string, string | undefined>;
}

class LadderReadiness {
  constructor(readonly maxOverdueMs: number) {}
}

/**
 * The escalation ladder on BullMQ: the scheduler reactor (registered in every process; it runs
 * where background work runs), the queue, and on the worker side the worker and the reconciler. Metrics at /metrics, a readiness check, bull-board.
 */
@Module({})
export class EscalationJobsModule implements OnModuleInit {
  static forRoot(options: EscalationJobsOptions, core: Type<unknown>): DynamicModule {
    const env = { ...process.env, ...options.env };
    const maxOverdue = Number(env.LADDER_READY_MAX_OVERDUE_MS ?? 15 * 60_000);
    if (!Number.isFinite(maxOverdue) || maxOverdue < 0) throw new Error(`LADDER_READY_MAX_OVERDUE_MS must be a number of ms, got "${env.LADDER_READY_MAX_OVERDUE_MS}"`);
    const worker = options.worker
      ? [{ provide: LadderWorkerSettings, useFactory: () => LadderWorkerSettings.fromEnv(env) }, LadderWorker, LadderReconciler]
      : [];
    return {
      module: EscalationJobsModule,
      imports: [core],
      providers: [LadderQueue, SubjectLoader, LadderFirer, LadderOverdueQuery, QueueBoard, { provide: LadderReadiness, useValue: new LadderReadiness(maxOverdue) }, ...worker],
      exports: [LadderQueue, LadderFirer, SubjectLoader, LadderOverdueQuery, ...(options.worker ? [LadderReconciler, LadderWorker] : [])],
    };
  }

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly host: ProjectionHost,
    private readonly readiness: ReadinessChecks,
    private readonly sources: DeadlineSources,
    private readonly store: EventStore,
    private readonly queue: LadderQueue,
    private readonly overdue: LadderOverdueQuery,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly limits: LadderReadiness,
  ) {}

  onModuleInit(): void {
    const reactor = new LadderSchedulerReactor(this.sources, this.store, this.queue, this.config, this.clock);
    this.registry.registerReactor(reactor);
    registerLadderGauges({
      jobCounts: () => this.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized'),
      oldestOverdueSeconds: () => this.overdue.oldestOverdueSeconds(),
    });
    if (!this.config.runBackground) return;
    // Not ready when the scheduler is stuck or far behind, or steps are overdue and unfired
    // for longer than LADDER_READY_MAX_OVERDUE_MS (the workers are down or the schedule lost).
    this.readiness.add('ladder', async () => {
      const status = await this.host.runner(reactor.name).status();
      if (status.state === 'failed') throw new Error(`the ladder scheduler failed: ${status.lastError}`);
      if ((status.lag ?? 0) > this.config.readinessMaxLag) throw new Error(`the ladder scheduler is ${status.lag} events behind`);
      const overdueMs = (await this.overdue.oldestOverdueSeconds()) * 1000;
      if (overdueMs > this.limits.maxOverdueMs) throw new Error(`an escalation step has been due and unfired for ${Math.round(overdueMs / 1000)} s`);
      return { schedulerLag: status.lag, oldestOverdueSeconds: overdueMs / 1000 };
    });
  }
}

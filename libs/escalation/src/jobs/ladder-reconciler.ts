import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, Clock, streamCategory } from '@app/kernel';
import { Database } from '@app/platform';
import { DeadlineSources } from '../deadlines/deadline-source.js';
import { decodeState } from '../deadlines/state-codec.js';
import { LadderQueue, type PlannedJob } from './ladder-queue.js';
import { plannedJobsFor } from './ladder-scheduler.reactor.js';
import { LadderWorkerSettings } from './ladder-worker.js';

export interface ReconcileReport {
  openDeadlines: number;
  /** Jobs offered to Redis (an id already there is left alone, so this is an upper bound of what was missing). */
  jobsOffered: number;
  /** Of those, steps already due: they run at once. */
  dueNow: number;
}

/** Open deadlines per read.deadlines page (a province: 40,000 in eight pages). */
const PAGE = 5000;

/**
 * Redis is disposable (DESIGN §8): at worker start and every RECONCILE_EVERY, every open
 * deadline in the read model gets the jobs of its steps due within two periods offered again.
 * Deterministic job ids make that a no-op for jobs still in Redis; after Redis lost everything,
 * the steps are scheduled again (later ones by later runs) and the steps already due run at
 * once, late but once (the firer re-reads the subject).
 *
 * A Redis that lost its data says nothing (no error, the worker just finds no jobs), so each run
 * leaves a mark in Redis and the worker checks every LADDER_LOSS_CHECK_MS that it is still there:
 * when it is gone, the schedule went with it and a run starts at once instead of at the next
 * RECONCILE_EVERY (bench:burst: a flush at a quarter's due second).
 */
@Injectable()
export class LadderReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LadderReconciler');
  private timer: NodeJS.Timeout | undefined;
  private lossCheck: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private inProgress = false;
  /** A run was asked for while one was in progress (a loss noticed mid-run): run again after it. */
  private again = false;
  private stopped = false;
  lastRun: { at: Date; report: ReconcileReport } | undefined;
  /** Times a run was started because the mark was found missing. */
  lossesNoticed = 0;

  constructor(
    private readonly database: Database,
    private readonly sources: DeadlineSources,
    private readonly queue: LadderQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly settings: LadderWorkerSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runBackground) return;
    this.schedule(0);
    if (this.settings.lossCheckMs > 0) {
      this.lossCheck = setInterval(() => void this.checkForLoss(), this.settings.lossCheckMs);
      this.lossCheck.unref();
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runNow(), delayMs);
    this.timer.unref();
  }

  private runNow(): void {
    if (this.inProgress) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.inProgress = true;
    this.running = (async () => {
      let next = this.config.reconcileEveryMs;
      try {
        do {
          this.again = false;
          await this.reconcile();
        } while (this.again && !this.stopped);
      } catch (error) {
        // At first start the read model's table may not exist yet: try again soon.
        this.logger.warn(`reconcile failed, retrying in 5 s: ${(error as Error).message}`);
        next = Math.min(5_000, this.config.reconcileEveryMs);
      } finally {
        this.inProgress = false;
      }
      this.schedule(next);
    })();
  }

  /** One EXISTS: is the mark of the last run still in Redis? Before the first run there is nothing to lose. */
  private async checkForLoss(): Promise<void> {
    if (this.stopped || this.inProgress || !this.lastRun) return;
    const present = await this.queue.reconciledMarkExists().catch(() => true); // Redis down: BullMQ reports it; check again later
    if (present || this.stopped) return;
    this.lossesNoticed++;
    this.logger.warn('the ladder schedule is gone from Redis (its reconcile mark is missing: flushed or restarted empty); reconciling now');
    this.runNow();
  }

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { openDeadlines: 0, jobsOffered: 0, dueNow: 0 };
    const startedAt = this.clock.now();
    // Marked first: a loss during this run removes the mark again and is noticed.
    await this.queue.markReconciled(startedAt);
    // Two passes over the open deadlines: first the steps already due (after a loss at a quarter's
    // end, 40,000 of them, each already late), then the later ones. In one pass, the due steps of
    // the last pages would wait behind every later step of the first pages (bench:burst, FLUSHDB
    // at the due second).
    const offered = new Set<string>();
    await this.pass('due', report, offered);
    await this.pass('later', report, offered);
    this.lastRun = { at: startedAt, report };
    if (report.dueNow > 0) this.logger.log(`reconciled ${report.openDeadlines} open deadlines; ${report.dueNow} overdue steps fire now`);
    return report;
  }

  private async pass(which: 'due' | 'later', report: ReconcileReport, offered: Set<string>): Promise<void> {
    // Steps further out than two periods are offered by a later run, before they fall due: a run
    // then costs Redis the steps of the next hours, not every step of every open deadline.
    const horizonMs = 2 * this.config.reconcileEveryMs;
    let after = '';
    for (;;) {
      const { rows } = await this.database.pool.query<{ stream_id: string; kind: string; state: unknown }>(
        `select stream_id, kind, state from read.deadlines where status = 'open' and stream_id > $1 order by stream_id limit $2`,
        [after, PAGE],
      );
      if (rows.length === 0) break;
      // Each page plans from a clock read after its query, so a delay is not long by the time the pages took.
      const now = this.clock.now();
      const jobs: PlannedJob[] = [];
      for (const row of rows) {
        const source = this.sources.forCategory(streamCategory(row.stream_id));
        if (!source) continue;
        const subject = source.describe(decodeState(row.state), row.stream_id);
        if (!subject) continue;
        if (which === 'due') report.openDeadlines++;
        for (const job of plannedJobsFor(subject, this.config, now)) {
          if (which === 'due') {
            if (job.due) {
              jobs.push(job);
              offered.add(job.jobId);
            }
          } else if (job.delayMs <= horizonMs && !offered.has(job.jobId)) {
            // A step that fell due since the first pass is offered as it is (added when missing,
            // left alone when there): its finished job, if any, was the first pass's to judge.
            jobs.push(job.due ? { ...job, due: false } : job);
          }
        }
      }
      await this.queue.addAll(jobs);
      report.jobsOffered += jobs.length;
      if (which === 'due') report.dueNow += jobs.length;
      after = rows[rows.length - 1]!.stream_id;
      if (rows.length < PAGE || this.stopped) break;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.lossCheck) clearInterval(this.lossCheck);
    await this.running?.catch(() => undefined);
  }
}

import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The ladder's Prometheus metrics. prom-client's registry is process-wide, so each metric is
 * created once and the gauges read whichever ladder was started last (tests start several apps).
 */
export interface LadderMetricsSource {
  jobCounts(): Promise<Record<string, number>>;
  /** Seconds since the oldest step that is due and has not fired fell due; 0 when none. */
  oldestOverdueSeconds(): Promise<number>;
}

let current: LadderMetricsSource | undefined;

function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const ladderJobOutcomes = once(
  'ladder_jobs_total',
  () => new Counter({ name: 'ladder_jobs_total', help: 'Ladder jobs handled, by step and outcome (appended, skipped, failed) and skip reason', labelNames: ['step', 'outcome', 'reason'] }),
);

export const ladderStepLateness = once(
  'ladder_step_lateness_seconds',
  () =>
    new Histogram({
      name: 'ladder_step_lateness_seconds',
      help: 'How long after its due time a ladder step was appended',
      labelNames: ['step'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
    }),
);

export const ladderBatchSize = once(
  'ladder_batch_size',
  () =>
    new Histogram({
      name: 'ladder_batch_size',
      help: 'Ladder jobs served by one read and one append (batches grow with load)',
      buckets: [1, 2, 5, 10, 25, 50, 100, 200, 400],
    }),
);

export function registerLadderGauges(source: LadderMetricsSource): void {
  current = source;
  once(
    'ladder_queue_jobs',
    () =>
      new Gauge({
        name: 'ladder_queue_jobs',
        help: 'Jobs in the ladder queue by state',
        labelNames: ['state'],
        async collect() {
          this.reset();
          const counts = await current?.jobCounts().catch(() => undefined);
          for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
        },
      }),
  );
  once(
    'ladder_oldest_overdue_step_seconds',
    () =>
      new Gauge({
        name: 'ladder_oldest_overdue_step_seconds',
        help: 'Age of the oldest escalation step that is due and has not fired (0 when none)',
        async collect() {
          const age = await current?.oldestOverdueSeconds().catch(() => undefined);
          if (age !== undefined) this.set(age);
        },
      }),
  );
}

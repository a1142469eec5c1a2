import { isLadderEvent, streamCategory, type AppConfig, type Clock, type RecordedEvent } from '@app/kernel';
import type { EventStore, Reactor } from '@app/event-store';
import type { DeadlineSources, DeadlineSubject } from '../deadlines/deadline-source.js';
import { ladderSteps, nextDueSteps } from '../domain/ladder.js';
import { plannedJob, type LadderQueue, type PlannedJob } from './ladder-queue.js';

/** The jobs a subject's deadline needs now: every future step, and every step already due that has not fired. */
export function plannedJobsFor(subject: DeadlineSubject, config: AppConfig, now: Date): PlannedJob[] {
  const policy = config.escalationPolicy[subject.kind];
  const steps = ladderSteps(subject.deadline, policy, subject.subjectId);
  const due = new Set(nextDueSteps(subject.deadline, policy, now, subject.subjectId).map((s) => s.jobId));
  return steps
    .filter((s) => s.fireAt.getTime() > now.getTime() || due.has(s.jobId))
    .map((s) => plannedJob(s, subject.kind, subject.subjectId, subject.streamId, now));
}

/**
 * Turns deadline events into BullMQ delayed jobs (DESIGN §2: a checkpointed, at-least-once
 * reactor; adding a job with a deterministic id twice adds it once). For each subject touched
 * by the batch (other than by ladder events) it folds the subject's whole stream (the truth) and plans the current version's
 * steps. When the batch moved the deadline (new version) or ended it, the jobs of the versions
 * that no longer count are removed; the ones it cannot remove (running) find themselves stale.
 */
export class LadderSchedulerReactor implements Reactor {
  readonly name = 'ladder-scheduler';

  constructor(
    private readonly sources: DeadlineSources,
    private readonly store: EventStore,
    private readonly queue: LadderQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get categories(): string[] {
    return this.sources.categories();
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    // A ladder event only marks a step as fired: the jobs of the other steps are already in
    // place, so a batch of nothing but ladder events re-plans nothing (the reconciler covers losses).
    const firstRevision = new Map<string, number>();
    for (const e of events) if (!isLadderEvent(e.type) && !firstRevision.has(e.streamId)) firstRevision.set(e.streamId, e.streamRevision);
    const streams = [...firstRevision.keys()];
    const jobs: PlannedJob[] = [];
    const removals: Array<Promise<void>> = [];
    // Every touched subject's stream (the truth) in one read.
    const histories = await this.store.readStreamsForFolding(streams);
    // Read after the streams: a delay counted from a clock read before the read would fire late by the read's time.
    const now = this.clock.now();
    for (const streamId of streams) {
      const source = this.sources.forCategory(streamCategory(streamId));
      if (!source) continue;
      // One fold: up to this batch (what was planned before), then on through it (what is now).
      const firstOfBatch = firstRevision.get(streamId)!;
      let state = source.initialState();
      let before: DeadlineSubject | null = null;
      for (const event of histories.get(streamId) ?? []) {
        if (event.streamRevision === firstOfBatch) before = source.describe(state, streamId);
        state = source.evolve(state, { type: event.type, data: event.data });
      }
      const subject = source.describe(state, streamId);
      if (!subject) continue;
      jobs.push(...plannedJobsFor(subject, this.config, now));
      const policy = this.config.escalationPolicy[subject.kind];
      const remove = (version: number) => removals.push(this.queue.removeVersion(subject.kind, subject.subjectId, version, policy.remindBefore));
      const d = subject.deadline;
      if (before && before.deadline.version !== d.version) {
        for (let v = before.deadline.version; v < d.version; v++) remove(v);
      }
      if (d.status !== 'open' && before?.deadline.status === 'open') remove(d.version);
    }
    await Promise.all(removals);
    await this.queue.addAll(jobs);
  }
}

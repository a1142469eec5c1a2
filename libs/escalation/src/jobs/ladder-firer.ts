import { Injectable } from '@nestjs/common';
import { AppConfig, foldRecorded, streamCategory, SYSTEM_ACTOR, type EventMetadata, type LadderPolicy, type NewEvent } from '@app/kernel';
import { EventStore, WrongExpectedVersion, type FoldableEvent } from '@app/event-store';
import { DeadlineSources, type DeadlineSource, type DeadlineSubject } from '../deadlines/deadline-source.js';
import { decideLadderStep, type LadderDecision, type LadderSkipReason } from '../domain/ladder.decider.js';
import { Batcher } from './ladder-batcher.js';
import { ladderBatchSize } from './ladder-metrics.js';
import { stepFireAt, type LadderJobData } from '../domain/ladder.js';

export interface LoadedSubject {
  source: DeadlineSource;
  subject: DeadlineSubject | null;
  /** The stream's revision the subject was folded at (-1: no stream). */
  revision: number;
}

/** A permanent failure: retrying cannot help (an unknown kind or category). */
export class PermanentLadderFailure extends Error {
  override readonly name = 'PermanentLadderFailure';
}

/** Reads a subject's own stream and folds it with its context's evolve: the truth, never Redis. */
@Injectable()
export class SubjectLoader {
  constructor(private readonly store: EventStore, private readonly sources: DeadlineSources) {}

  async load(streamId: string): Promise<LoadedSubject> {
    const source = this.sourceFor(streamId);
    return this.describe(source, streamId, await this.store.readStream(streamId));
  }

  sourceFor(streamId: string): DeadlineSource {
    const source = this.sources.forCategory(streamCategory(streamId));
    if (!source) throw new PermanentLadderFailure(`no deadline source is registered for the stream category of ${streamId}`);
    return source;
  }

  /** Folds a history read elsewhere (a batch read of many subjects). */
  describe(source: DeadlineSource, streamId: string, history: FoldableEvent[]): LoadedSubject {
    const state = foldRecorded(source, history);
    return { source, subject: source.describe(state, streamId), revision: history.length === 0 ? -1 : history[history.length - 1]!.streamRevision };
  }
}

export type FireOutcome =
  | { outcome: 'appended'; events: string[]; conversationStream?: string; /** When the step was due. */ fireAt: Date }
  | { outcome: 'skipped'; reason: LadderSkipReason; fireAt?: Date };

/** The system acts for the ladder; its events say so, and which job caused them. */
export function ladderMetadata(jobId: string): EventMetadata {
  return { actorId: SYSTEM_ACTOR.userId, actorOrgId: null, actorRoles: [...SYSTEM_ACTOR.roles], correlationId: jobId, causationId: jobId };
}

function toNew(event: { type: string; data: unknown; eventId: string }, metadata: EventMetadata, now: Date): NewEvent {
  return { eventId: event.eventId, type: event.type, schemaVersion: 1, data: event.data, metadata, occurredAt: now };
}

/** A fire request of the batched path, and what deciding it gave. */
interface FireRequest { job: LadderJobData; jobId: string; now: Date }
type Decided =
  | { done: FireOutcome }
  | { decision: LadderDecision & { skipped?: undefined }; loaded: LoadedSubject; expected: number | 'no_stream'; events: NewEvent[] };

/**
 * Batches of at most this many jobs; at most this many batches in PostgreSQL at once (see
 * Batcher). Measured with bench:escalation: two in flight keep both the database and the worker
 * busy; four gave half-size batches and the same throughput.
 */
const BATCH_SIZE = 250;
const BATCHES_IN_FLIGHT = 2;

/**
 * Fires one ladder step: re-read the subject, decide, append the ladder events with the
 * expected revision and deterministic ids (with the level-3 conversation proposal, in one
 * atomic append): a job that runs twice, on two workers or after a crash, appends once. On a
 * concurrent change the subject is read again and decided again.
 *
 * `fireBatched` does the same for the worker, but gathers the jobs that arrive together and
 * serves them with one read of all their subjects and one append of all their events (see
 * Batcher: round trips, not CPU, bound the worker); a job whose append met a concurrent change
 * goes through `fire` again on its own.
 */
@Injectable()
export class LadderFirer {
  private readonly batcher = new Batcher<FireRequest, FireOutcome>(
    (batch) => this.fireBatch(batch),
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
    (size) => ladderBatchSize.observe(size),
  );

  constructor(private readonly store: EventStore, private readonly loader: SubjectLoader, private readonly config: AppConfig) {}

  async fire(job: LadderJobData, jobId: string, now: Date, maxAttempts = 5): Promise<FireOutcome> {
    const metadata = ladderMetadata(jobId);
    for (let attempt = 1; ; attempt++) {
      const policy = this.policyFor(job);
      const decided = this.decide(job, policy, await this.loader.load(job.subjectStream), metadata, now);
      if ('done' in decided) return decided.done;
      try {
        const conversation = decided.decision.conversation;
        if (conversation) {
          // The escalation and its proposed conversation together or not at all: a proposal never
          // outlives an escalation that lost a race with the notice's closure or extension.
          await this.store.appendAtomically([
            { streamId: decided.decision.streamId, events: decided.events, expected: decided.expected },
            { streamId: conversation.streamId, events: [toNew(conversation.event, metadata, now)], expected: 'no_stream' },
          ]);
          return this.outcome(job, policy, decided, false);
        }
        const result = await this.store.append(decided.decision.streamId, decided.events, decided.expected);
        return this.outcome(job, policy, decided, result.alreadyStored === true);
      } catch (error) {
        if (error instanceof WrongExpectedVersion && attempt < maxAttempts) continue;
        throw error;
      }
    }
  }

  /** Same contract as `fire`, served in a batch with other jobs arriving at the same time. */
  fireBatched(job: LadderJobData, jobId: string, now: Date): Promise<FireOutcome> {
    return this.batcher.submit({ job, jobId, now });
  }

  private async fireBatch(batch: Array<{ request: FireRequest; resolve: (outcome: FireOutcome) => void; reject: (error: unknown) => void }>): Promise<void> {
    // Unknown kinds or categories fail their own job only.
    const ready: Array<(typeof batch)[number] & { policy: LadderPolicy }> = [];
    for (const entry of batch) {
      try {
        this.loader.sourceFor(entry.request.job.subjectStream);
        ready.push({ ...entry, policy: this.policyFor(entry.request.job) });
      } catch (error) {
        entry.reject(error);
      }
    }
    const histories = await this.store.readStreamsForFolding([...new Set(ready.map((e) => e.request.job.subjectStream))]);
    const appending: Array<(typeof ready)[number] & { decided: Exclude<Decided, { done: FireOutcome }> }> = [];
    for (const entry of ready) {
      const { job, jobId, now } = entry.request;
      try {
        const loaded = this.loader.describe(this.loader.sourceFor(job.subjectStream), job.subjectStream, histories.get(job.subjectStream) ?? []);
        const metadata = ladderMetadata(jobId);
        const decided = this.decide(job, entry.policy, loaded, metadata, now);
        if ('done' in decided) {
          entry.resolve(decided.done);
          continue;
        }
        // Rare (level 3 only): alone, through `fire`, which appends it with the ladder events atomically.
        if (decided.decision.conversation) {
          this.fire(job, jobId, now).then(entry.resolve, entry.reject);
          continue;
        }
        appending.push({ ...entry, decided });
      } catch (error) {
        entry.reject(error);
      }
    }
    if (appending.length === 0) return;
    const results = await this.store.appendMany(
      appending.map(({ decided }) => ({ streamId: decided.decision.streamId, events: decided.events, expected: decided.expected })),
    );
    appending.forEach((entry, i) => {
      const result = results[i]!;
      const { job, jobId, now } = entry.request;
      if (result instanceof WrongExpectedVersion) {
        // The subject changed since the batch read it (or another job of this batch wrote to it): decide again alone.
        this.fire(job, jobId, now).then(entry.resolve, entry.reject);
      } else if (result instanceof Error) {
        entry.reject(result);
      } else {
        entry.resolve(this.outcome(job, entry.policy, entry.decided, result.alreadyStored === true));
      }
    });
  }

  private policyFor(job: LadderJobData): LadderPolicy {
    const policy = this.config.escalationPolicy[job.kind];
    if (!policy) throw new PermanentLadderFailure(`no escalation policy for deadline kind "${job.kind}"`);
    return policy;
  }

  /** The pure part shared by both paths: what the step does to this subject now. */
  private decide(job: LadderJobData, policy: LadderPolicy, loaded: LoadedSubject, metadata: EventMetadata, now: Date): Decided {
    const { source, subject, revision } = loaded;
    if (source.kind !== job.kind) throw new PermanentLadderFailure(`stream ${job.subjectStream} holds a ${source.kind}, the job says ${job.kind}`);
    const decision = decideLadderStep(
      {
        subjectId: job.subjectId,
        subjectStream: job.subjectStream,
        deadline: subject?.deadline ?? null,
        step: job.step,
        deadlineVersion: job.deadlineVersion,
        ...(job.remindBeforeMs === undefined ? {} : { remindBeforeMs: job.remindBeforeMs }),
        targetOrgId: subject?.targetOrgId ?? '',
        supervisorOrgId: subject?.supervisorOrgId ?? '',
        now,
      },
      policy,
    );
    if (decision.skipped) {
      const fireAt = decision.skipped === 'not_due' && subject ? stepFireAt(subject.deadline, policy, job.step, job.remindBeforeMs) : undefined;
      return { done: { outcome: 'skipped', reason: decision.skipped, ...(fireAt ? { fireAt } : {}) } };
    }
    return {
      decision: decision as LadderDecision & { skipped?: undefined },
      loaded,
      expected: revision === -1 ? 'no_stream' : revision,
      events: decision.events.map((e) => toNew(e, metadata, now)),
    };
  }

  private outcome(job: LadderJobData, policy: LadderPolicy, decided: Exclude<Decided, { done: FireOutcome }>, alreadyStored: boolean): FireOutcome {
    // Another worker stored the very same events (same ids) a moment ago.
    if (alreadyStored) return { outcome: 'skipped', reason: 'already_fired' };
    const { decision, loaded } = decided;
    return {
      outcome: 'appended',
      events: decision.events.map((e) => e.type),
      fireAt: stepFireAt(loaded.subject!.deadline, policy, job.step, job.remindBeforeMs),
      ...(decision.conversation ? { conversationStream: decision.conversation.streamId } : {}),
    };
  }
}

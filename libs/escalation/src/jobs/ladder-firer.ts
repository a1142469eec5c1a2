import { Injectable } from '@nestjs/common';
import { AppConfig, fold, streamCategory, type EventMetadata, type NewEvent } from '@app/kernel';
import { EventStore, WrongExpectedVersion } from '@app/event-store';
import { DeadlineSources, type DeadlineSource, type DeadlineSubject } from '../deadlines/deadline-source.js';
import { decideLadderStep, type LadderSkipReason } from '../domain/ladder.decider.js';
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
    const source = this.sources.forCategory(streamCategory(streamId));
    if (!source) throw new PermanentLadderFailure(`no deadline source is registered for the stream category of ${streamId}`);
    const history = await this.store.readStream(streamId);
    const state = fold(source, history.map((e) => ({ type: e.type, data: e.data })));
    return { source, subject: source.describe(state, streamId), revision: history.length === 0 ? -1 : history[history.length - 1]!.streamRevision };
  }
}

export type FireOutcome =
  | { outcome: 'appended'; events: string[]; conversationStream?: string; /** When the step was due. */ fireAt: Date }
  | { outcome: 'skipped'; reason: LadderSkipReason; fireAt?: Date };

/** The system acts for the ladder; its events say so, and which job caused them. */
export function ladderMetadata(jobId: string): EventMetadata {
  return { actorId: 'system', actorOrgId: null, actorRoles: [], correlationId: jobId, causationId: null };
}

function toNew(event: { type: string; data: unknown; eventId: string }, metadata: EventMetadata, now: Date): NewEvent {
  return { eventId: event.eventId, type: event.type, schemaVersion: 1, data: event.data, metadata, occurredAt: now };
}

/**
 * Fires one ladder step: re-read the subject, decide, append. The conversation proposal goes
 * first (its deterministic id makes a repeat a no-op), then the ladder events with the
 * expected revision and deterministic ids: a job that runs twice, on two workers or after a
 * crash, appends once. On a concurrent change the subject is read again and decided again.
 */
@Injectable()
export class LadderFirer {
  constructor(private readonly store: EventStore, private readonly loader: SubjectLoader, private readonly config: AppConfig) {}

  async fire(job: LadderJobData, jobId: string, now: Date, maxAttempts = 5): Promise<FireOutcome> {
    const policy = this.config.escalationPolicy[job.kind];
    if (!policy) throw new PermanentLadderFailure(`no escalation policy for deadline kind "${job.kind}"`);
    const metadata = ladderMetadata(jobId);
    for (let attempt = 1; ; attempt++) {
      const { source, subject, revision } = await this.loader.load(job.subjectStream);
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
        return { outcome: 'skipped', reason: decision.skipped, ...(fireAt ? { fireAt } : {}) };
      }
      if (decision.conversation) {
        // 'any' plus the deterministic id: a repeat is recognised by the store as already stored.
        await this.store.append(decision.conversation.streamId, [toNew(decision.conversation.event, metadata, now)], 'any');
      }
      try {
        const result = await this.store.append(decision.streamId, decision.events.map((e) => toNew(e, metadata, now)), revision === -1 ? 'no_stream' : revision);
        // Another worker stored the very same events (same ids) a moment ago.
        if (result.alreadyStored) return { outcome: 'skipped', reason: 'already_fired' };
        return {
          outcome: 'appended',
          events: decision.events.map((e) => e.type),
          fireAt: stepFireAt(subject!.deadline, policy, job.step, job.remindBeforeMs),
          ...(decision.conversation ? { conversationStream: decision.conversation.streamId } : {}),
        };
      } catch (error) {
        if (error instanceof WrongExpectedVersion && attempt < maxAttempts) continue;
        throw error;
      }
    }
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { conflict, deterministicId, DomainError, foldRecorded, newId, streamCategory, type Decider, type DomainEvent, type EventMetadata, type NewEvent, type RecordedEvent } from '@app/kernel';
import { EventStore, WrongExpectedVersion, type FoldableEvent } from '@app/event-store';
import type { CommandContext } from './request-context.js';

export interface RunCommand<State, Command, Event extends DomainEvent> {
  streamId: string;
  decider: Decider<State, Command, Event>;
  /** The command, or a function of the current state and revision (for commands that need to read it). */
  command: Command | ((state: State, revision: number) => Command);
  metadata: EventMetadata;
  /** Business time of the command; stored as the events' occurredAt. */
  now: Date;
  /** If-Match: the command only runs when the stream is at this revision (else 412). */
  expectedRevision?: number | null;
  maxAttempts?: number;
  /**
   * The stream as the caller already read it (e.g. for a scope check), used for the first attempt
   * instead of reading it again; a stale copy only costs a retry (the append expects its revision).
   */
  history?: RecordedEvent[];
  /**
   * The stream as the caller already read and folded it (state and revision): the first attempt
   * decides on it without reading or folding again (one fold per command).
   */
  loaded?: { state: State; revision: number };
}

export interface CommandOutcome<State, Event> {
  /** Revision of the stream after the command (-1: still no stream). */
  revision: number;
  state: State;
  events: Event[];
  /** True when the decider decided nothing (an idempotent repeat). */
  unchanged: boolean;
}

const commandsTotal = new Counter({ name: 'commands_total', help: 'Commands handled, by stream category and outcome', labelNames: ['category', 'outcome'] });
const appendSeconds = new Histogram({ name: 'event_append_seconds', help: 'Latency of event appends', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

/** Decided events as stored: a deciders' own event id (a deterministic effect) or a new one. */
function toNewEvents(decided: DomainEvent[], metadata: EventMetadata, now: Date): NewEvent[] {
  return decided.map((event) => ({
    eventId: event.eventId ?? newId(),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata,
    occurredAt: now,
  }));
}

/** Where a stream stands: its revision (-1: none) and its history folded. */
function stand<State, Event extends DomainEvent>(decider: Decider<State, unknown, Event>, history: FoldableEvent[]): { revision: number; state: State } {
  return { revision: history.length === 0 ? -1 : history[history.length - 1]!.streamRevision, state: foldRecorded(decider, history) };
}

/** The decider's answer, with a refusal counted (by its kind) before it is thrown on. */
function decideCounted<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>, command: Command, state: State, category: string): Event[] {
  try {
    return decider.decide(command, state);
  } catch (error) {
    commandsTotal.inc({ category, outcome: error instanceof DomainError ? error.kind : 'error' });
    throw error;
  }
}

/**
 * The shell around every decider: load the stream, fold, decide, append with the expected
 * revision; on a concurrent change, retry against the new state (the decider then refuses
 * what is no longer legal, so of racing commands exactly one wins).
 */
@Injectable()
export class CommandRunner {
  constructor(private readonly store: EventStore) {}

  /**
   * A command that creates its subject (issue a notice, propose a conversation, draft a pledge).
   * With an Idempotency-Key the subject's id follows from the key and the user, so a retry that
   * runs again (its first answer was lost in a crash) finds what the first run created and is
   * answered with it instead of creating a second one; without a key the id is new. Either way
   * the stream is read at most once: `run` takes that history for its first attempt.
   */
  async create<State, Command, Event extends DomainEvent>(args: {
    context: Pick<CommandContext, 'actor' | 'idempotencyKey'>;
    /** Names the kind of creation in the key-derived id (`notice-issue`). */
    purpose: string;
    streamOf: (id: string) => string;
    /** The code of the 409 when the key-derived id is taken by a subject another key created. */
    existsCode: string;
    decider: Decider<State, Command, Event>;
    command: (id: string) => Command;
    metadata: EventMetadata;
    now: Date;
  }): Promise<{ id: string; state: State; revision: number }> {
    const key = args.context.idempotencyKey;
    const id = key ? deterministicId(args.purpose, args.context.actor.userId, key) : newId();
    const history = key ? await this.store.readStream(args.streamOf(id)) : [];
    if (history.length > 0) {
      if (history[0]!.metadata.idempotencyKey !== key) throw conflict(args.existsCode, 'A subject with this id exists already');
      return { id, ...stand(args.decider, history) };
    }
    const outcome = await this.run({ streamId: args.streamOf(id), decider: args.decider, command: args.command(id), metadata: args.metadata, now: args.now, history });
    return { id, state: outcome.state, revision: outcome.revision };
  }

  /**
   * Commands of one kind on several streams that must all take effect or none (an import): each
   * stream is read and folded, every command decided, and all events appended in one atomic
   * append with each stream's expected revision. The first refusal of a decider is thrown with
   * nothing appended; on a concurrent change the whole batch is decided again.
   */
  async runAtomically<State, Command, Event extends DomainEvent>(args: {
    decider: Decider<State, Command, Event>;
    commands: Array<{ streamId: string; command: Command }>;
    metadata: EventMetadata;
    now: Date;
    maxAttempts?: number;
  }): Promise<Array<CommandOutcome<State, Event>>> {
    const attempts = args.maxAttempts ?? 3;
    const category = streamCategory(args.commands[0]?.streamId ?? 'unknown');
    for (let attempt = 1; ; attempt++) {
      const histories = await this.store.readStreamsForFolding(args.commands.map((c) => c.streamId));
      const planned = args.commands.map(({ streamId, command }) => {
        const { revision, state } = stand(args.decider, histories.get(streamId) ?? []);
        return { streamId, revision, state, decided: decideCounted(args.decider, command, state, category) };
      });
      const changing = planned.filter((p) => p.decided.length > 0);
      const stopTimer = appendSeconds.startTimer();
      try {
        const results = await this.store.appendAtomically(
          changing.map((p) => ({
            streamId: p.streamId,
            events: toNewEvents(p.decided, args.metadata, args.now),
            expected: p.revision === -1 ? 'no_stream' : p.revision,
          })),
        );
        stopTimer();
        commandsTotal.inc({ category, outcome: 'ok' }, changing.length);
        const revisions = new Map(changing.map((p, i) => [p.streamId, results[i]!.nextRevision]));
        return planned.map((p) => ({
          revision: revisions.get(p.streamId) ?? p.revision,
          state: p.decided.reduce((s, e) => args.decider.evolve(s, e), p.state),
          events: p.decided,
          unchanged: p.decided.length === 0,
        }));
      } catch (error) {
        stopTimer();
        if (!(error instanceof WrongExpectedVersion) || attempt >= attempts) {
          if (error instanceof WrongExpectedVersion) commandsTotal.inc({ category, outcome: 'conflict' });
          throw error;
        }
      }
    }
  }

  /**
   * A command that is the effect of another event, run by a reactor (at least once): a refusal by
   * the decider means it took effect already (a conflict: the subject exists, the step is done) or
   * no longer applies (anything else: logged), and is answered with null rather than holding every
   * later event up; anything else (the store is down) is thrown, so the batch is tried again.
   */
  async runEffect<State, Command, Event extends DomainEvent>(args: RunCommand<State, Command, Event>, logger: Logger): Promise<CommandOutcome<State, Event> | null> {
    try {
      return await this.run(args);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind !== 'conflict') logger.warn(`${args.streamId}: ${(args.command as { type?: string }).type ?? 'command'} not carried out: ${error.message}`);
      return null;
    }
  }

  async run<State, Command, Event extends DomainEvent>(args: RunCommand<State, Command, Event>): Promise<CommandOutcome<State, Event>> {
    const category = streamCategory(args.streamId);
    const attempts = args.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const { revision, state } =
        attempt === 1 && args.loaded ? args.loaded : stand(args.decider, attempt === 1 && args.history ? args.history : await this.store.readStream(args.streamId));
      if (args.expectedRevision != null && args.expectedRevision !== revision) {
        commandsTotal.inc({ category, outcome: 'precondition_failed' });
        throw new DomainError('precondition_failed', 'REQUEST.REVISION_MISMATCH', `If-Match expected revision ${args.expectedRevision} but the subject is at revision ${revision}.`, {
          expectedRevision: args.expectedRevision,
          actualRevision: revision,
        });
      }
      const command = typeof args.command === 'function' ? (args.command as (s: State, r: number) => Command)(state, revision) : args.command;
      const decided = decideCounted(args.decider, command, state, category);
      if (decided.length === 0) {
        commandsTotal.inc({ category, outcome: 'unchanged' });
        return { revision, state, events: [], unchanged: true };
      }
      const toStore = toNewEvents(decided, args.metadata, args.now);
      const stopTimer = appendSeconds.startTimer();
      try {
        const result = await this.store.append(args.streamId, toStore, revision === -1 ? 'no_stream' : revision);
        stopTimer();
        const next = decided.reduce((s, e) => args.decider.evolve(s, e), state);
        commandsTotal.inc({ category, outcome: 'ok' });
        return { revision: result.nextRevision, state: next, events: decided, unchanged: false };
      } catch (error) {
        stopTimer();
        if (!(error instanceof WrongExpectedVersion)) throw error;
        if (args.expectedRevision != null) {
          commandsTotal.inc({ category, outcome: 'precondition_failed' });
          throw new DomainError('precondition_failed', 'REQUEST.REVISION_MISMATCH', `The subject changed while the command ran; it is no longer at revision ${args.expectedRevision}.`, {
            expectedRevision: args.expectedRevision,
            actualRevision: error.actual,
          });
        }
        if (attempt >= attempts) {
          commandsTotal.inc({ category, outcome: 'conflict' });
          throw error;
        }
      }
    }
  }
}

import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, comparePositions, type Position } from '@app/kernel';
import { CheckpointedRunner, EventStore, loadCheckpoints, rebuildTogether, type Projection, type RebuildTogetherProgress, type Reactor, type RunnerStatus } from '@app/event-store';
import { Database } from './database.js';

/** Contexts register their projections and reactors here (in onModuleInit). */
@Injectable()
export class ProjectionRegistry {
  readonly projections: Projection[] = [];
  readonly reactors: Reactor[] = [];

  register(projection: Projection): void {
    if (this.projections.some((p) => p.name === projection.name)) throw new Error(`Projection ${projection.name} is registered twice`);
    this.projections.push(projection);
  }

  registerReactor(reactor: Reactor): void {
    if (this.reactors.some((r) => r.name === reactor.name)) throw new Error(`Reactor ${reactor.name} is registered twice`);
    this.reactors.push(reactor);
  }
}

/**
 * Creates every read model's tables at start (in every process) and, where background work
 * runs (worker, all-in-one), runs each projection and reactor; one active runner per name.
 */
@Injectable()
export class ProjectionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly runners = new Map<string, CheckpointedRunner>();
  /** Read models a read-your-writes wait gave up on, at the position they stood still (see awaitReadModels). */
  private readonly stalled = new Map<string, Position>();

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly store: EventStore,
    private readonly database: Database,
    private readonly config: AppConfig,
  ) {}

  runner(name: string): CheckpointedRunner {
    const existing = this.runners.get(name);
    if (existing) return existing;
    const log = (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) =>
      this.logger[level === 'info' ? 'log' : level](`${message}${extra ? ' ' + JSON.stringify(extra) : ''}`);
    const projection = this.registry.projections.find((p) => p.name === name);
    const reactor = this.registry.reactors.find((r) => r.name === name);
    if (!projection && !reactor) {
      const known = [...this.registry.projections, ...this.registry.reactors].map((p) => p.name).join(', ');
      throw new Error(`No projection or reactor named "${name}" (known: ${known})`);
    }
    const runner = projection
      ? CheckpointedRunner.forProjection(this.store, this.database.pool, projection, { log })
      : CheckpointedRunner.forReactor(this.store, this.database.pool, reactor!, { log });
    this.runners.set(name, runner);
    return runner;
  }

  /** Read models (what `projections:rebuild` can rebuild). */
  projectionNames(): string[] {
    return this.registry.projections.map((p) => p.name);
  }

  /** Effects: never rebuilt. */
  reactorNames(): string[] {
    return this.registry.reactors.map((r) => r.name);
  }

  /**
   * Rebuilds these projections in one pass over the log, those in `firstStage` before the others
   * on each page (see `rebuildTogether`); fails, changing nothing, while any of them runs elsewhere.
   */
  rebuildTogether(
    names: string[],
    firstStage: string[],
    onProgress?: (progress: RebuildTogetherProgress) => void,
    pages: { batchSize?: number; pagesAhead?: number; flushEvery?: number; maxUnwritten?: number } = {},
  ): Promise<RebuildTogetherProgress> {
    const projections = names.map((name) => {
      const projection = this.registry.projections.find((p) => p.name === name);
      if (!projection) {
        const reactor = this.registry.reactors.some((r) => r.name === name);
        throw new Error(reactor ? `${name} is a reactor; reactors are not rebuilt (their effects already happened)` : `No projection or reactor named "${name}" (known: ${this.names().join(', ')})`);
      }
      return projection;
    });
    return rebuildTogether(this.store, this.database.pool, projections, { ...pages, firstStage, onProgress });
  }

  names(): string[] {
    return [...this.projectionNames(), ...this.reactorNames()];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const name of this.names()) await this.runner(name).setup();
    if (!this.config.runBackground) return;
    for (const name of this.names()) this.runner(name).start();
    this.logger.log(`running ${this.names().length} projections and reactors`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  async statuses(): Promise<RunnerStatus[]> {
    return Promise.all(this.names().map((name) => this.runner(name).status()));
  }

  /**
   * Read-your-writes for queries: waits, at most `timeoutMs`, until every read model (not the
   * reactors) has applied everything this process appended before the call (its commands, and in
   * the all-in-one process its background work too). Writes of other processes are not waited
   * for: while a worker appends a burst of ladder steps, the read models lag behind it by seconds,
   * and waiting for it held every board request for READ_WAIT_MS (bench:burst). A projection that runs in this
   * process is asked directly; one that runs in a worker, by its stored checkpoint. False when
   * the time ran out: the caller then answers from the read models as they are.
   *
   * A projection that never ran (no checkpoint yet) is not waited for, nor one more than
   * READINESS_MAX_LAG events behind (a rebuild in progress), and neither is one that
   * did not move since a wait for it last ran out (stopped on a bad event, its worker down): a
   * broken projection costs one slow request, not every request, until it moves again.
   */
  async awaitReadModels(timeoutMs: number): Promise<boolean> {
    if (timeoutMs <= 0 || this.registry.projections.length === 0) return true;
    const target = this.store.newestAppendedPosition();
    if (!target) return true;
    const deadline = Date.now() + timeoutMs;
    let names = this.registry.projections.map((p) => p.name);
    for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
      const positions = await this.readModelPositions(names);
      names = names.filter((name) => {
        const position = positions.get(name);
        if (!position) return false;
        const stalledAt = this.stalled.get(name);
        if (stalledAt && comparePositions(position, stalledAt) === 0) return false;
        this.stalled.delete(name);
        // Far behind (being rebuilt, or catching up after an outage): it cannot apply that much
        // within the wait, so waiting would only add the whole timeout to every request. Readiness
        // reports the lag meanwhile (the same bound: READINESS_MAX_LAG).
        if (target.prepare - position.prepare > this.config.readinessMaxLag) return false;
        return comparePositions(position, target) < 0;
      });
      if (names.length === 0) return true;
      if (Date.now() + pause > deadline) {
        for (const name of names) this.stalled.set(name, positions.get(name)!);
        return false;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Where each read model stands: its runner here, else its stored checkpoint; absent when it never ran. */
  private async readModelPositions(names: string[]): Promise<Map<string, Position>> {
    const positions = new Map<string, Position>();
    const remote: string[] = [];
    for (const name of names) {
      const runner = this.runners.get(name);
      const applied = runner?.isRunning() ? runner.appliedPosition() : undefined;
      if (applied) positions.set(name, applied);
      else remote.push(name);
    }
    if (remote.length > 0) for (const [name, position] of await loadCheckpoints(this.database.pool, remote)) positions.set(name, position);
    return positions;
  }

  /**
   * Waits until every running projection and reactor has applied everything committed before
   * the call (tests, seeding). Compares with the newest committed position, not the readable
   * head: the head stays behind while any older transaction on the server is still open.
   */
  async settle(timeoutMs = 15_000): Promise<void> {
    const target = await this.store.latestCommittedPosition();
    if (!target) return;
    const started = Date.now();
    for (;;) {
      const running = [...this.runners.values()].filter((r) => r.isRunning());
      const behind = running.filter((r) => {
        const applied = r.appliedPosition();
        return !applied || comparePositions(applied, target) < 0;
      });
      if (behind.length === 0) return;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`projections did not catch up: ${JSON.stringify(await this.statuses())}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

import pg from 'pg';
import { createHash } from 'node:crypto';
import { comparePositions, type Position, type RecordedEvent } from '@app/kernel';
import type { EventStore, Subscription } from '../event-store.port.js';
import { sleep } from '../polling-subscription.js';
import { advanceCheckpoint, loadCheckpoint, setupReadModels } from './checkpoint-store.js';
import { analyzeAfterReset, resetForRebuild } from './reset-for-rebuild.js';
import type { Projection, Reactor } from './projection.js';

export interface RunnerStatus {
  name: string;
  kind: 'projection' | 'reactor';
  state: 'idle' | 'waiting_for_lock' | 'running' | 'failed' | 'stopped';
  checkpoint: string | null;
  /** Events between the checkpoint and the store's head (approximate: positions may have holes). */
  lag: number | null;
  processed: number;
  lastError: string | null;
}

export interface RunnerOptions {
  batchSize?: number;
  /** How long to wait before retrying after a failure or while another process holds the lock. */
  retryDelayMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;
}

type Target = { kind: 'projection'; projection: Projection } | { kind: 'reactor'; reactor: Reactor };

/** A stable 64-bit advisory-lock key per runner name. */
export function runnerLockKey(name: string): string {
  return createHash('sha256').update(`runner:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs one projection or reactor: waits for its advisory lock (one active runner per name
 * across all workers), then follows the store from its checkpoint. A failing batch is rolled
 * back and retried from the checkpoint after a delay; the error names the event's position.
 */
export class CheckpointedRunner {
  readonly name: string;
  private subscription: Subscription | undefined;
  private lockClient: pg.Client | undefined;
  private stopped = false;
  private checkpoint: Position | undefined;
  private state: RunnerStatus['state'] = 'idle';
  private processed = 0;
  private lastError: string | null = null;
  private loop: Promise<void> | undefined;
  private wakeRetry: AbortController | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private readonly target: Target,
    private readonly options: RunnerOptions = {},
  ) {
    this.name = target.kind === 'projection' ? target.projection.name : target.reactor.name;
  }

  static forProjection(store: EventStore, pool: pg.Pool, projection: Projection, options?: RunnerOptions) {
    return new CheckpointedRunner(store, pool, { kind: 'projection', projection }, options);
  }

  static forReactor(store: EventStore, pool: pg.Pool, reactor: Reactor, options?: RunnerOptions) {
    return new CheckpointedRunner(store, pool, { kind: 'reactor', reactor }, options);
  }

  private get filter() {
    const t = this.target.kind === 'projection' ? this.target.projection : this.target.reactor;
    return { categories: t.categories, typePrefixes: t.typePrefixes };
  }

  private log(level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown> = {}) {
    this.options.log?.(level, message, { runner: this.name, ...extra });
  }

  /** Creates tables and the checkpoint row's table; safe to call from every process. */
  async setup(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await setupReadModels(client, this.target.kind === 'projection' ? [this.target.projection] : []);
    } finally {
      client.release();
    }
  }

  isRunning(): boolean {
    return this.loop !== undefined && !this.stopped;
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.acquireLock())) {
          this.state = 'waiting_for_lock';
          await this.pause();
          continue;
        }
        this.state = 'running';
        this.checkpoint = await this.readCheckpoint();
        const failed = await this.follow();
        if (failed && !this.stopped) await this.pause();
      } catch (error) {
        this.fail(error);
        await this.pause();
      } finally {
        await this.releaseLock();
      }
    }
    this.state = 'stopped';
  }

  /** Follows the store until stopped or until a batch fails (then resolves true). */
  private follow(): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (failed: boolean) => {
        if (settled) return;
        settled = true;
        resolve(failed);
      };
      this.onStop = () => finish(false);
      // stop() may have come while the lock was being taken: never start following after it.
      if (this.stopped) return finish(false);
      this.subscription = this.store.subscribe((events, last) => this.handleBatch(events, last), {
        ...this.filter,
        after: this.checkpoint,
        batchSize: this.options.batchSize ?? 500,
        onError: (error) => {
          this.fail(error);
          finish(true);
        },
      });
      this.lockClient?.once('error', (error) => {
        // The lock went with the connection: stop following, start over (and wait for the lock).
        this.fail(error);
        void this.subscription?.stop();
        finish(true);
      });
    });
  }

  private onStop: (() => void) | undefined;
  /** Set by `rebuild`: its tables are analyzed after the first batch of rows (`analyzeAfterReset`). */
  private analyzeAfterRows = false;

  private async handleBatch(events: RecordedEvent[], last: Position): Promise<void> {
    if (this.target.kind === 'reactor') {
      if (events.length > 0) await this.target.reactor.handle(events);
      const client = await this.pool.connect();
      try {
        await advanceCheckpoint(client, this.name, this.checkpoint, last);
        this.checkpoint = last;
      } finally {
        client.release();
      }
    } else {
      const client = await this.pool.connect();
      try {
        await client.query('begin');
        try {
          if (events.length > 0) await this.target.projection.apply(events, client);
        } catch (error) {
          const first = events[0];
          throw new Error(
            `Projection ${this.name} failed on a batch starting at ${first ? `${first.type} ${first.streamId}@${first.streamRevision} (position ${first.globalPosition})` : 'nothing'}: ${(error as Error).message}`,
            { cause: error },
          );
        }
        if (!(await advanceCheckpoint(client, this.name, this.checkpoint, last))) {
          throw new Error(`Projection ${this.name}: the checkpoint was moved by another runner; stepping back`);
        }
        await client.query('commit');
        this.checkpoint = last;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      if (this.analyzeAfterRows && events.length > 0) {
        this.analyzeAfterRows = false;
        await analyzeAfterReset(this.pool, this.target.projection);
      }
    }
    this.processed += events.length;
    this.lastError = null;
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.lastError = error instanceof Error ? error.message : String(error);
    this.log('error', `runner ${this.name} failed; retrying from its checkpoint`, { error: this.lastError });
  }

  private async pause(): Promise<void> {
    this.wakeRetry = new AbortController();
    await sleep(this.options.retryDelayMs ?? 2000, this.wakeRetry.signal);
  }

  private async readCheckpoint(): Promise<Position | undefined> {
    const client = await this.pool.connect();
    try {
      return await loadCheckpoint(client, this.name);
    } finally {
      client.release();
    }
  }

  private async acquireLock(): Promise<boolean> {
    const client = new pg.Client(this.pool.options);
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [runnerLockKey(this.name)]);
    if (!rows[0]?.locked) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.lockClient = client;
    return true;
  }

  private async releaseLock(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = undefined;
    this.subscription = undefined;
    // Ending the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }

  /** Stops after the batch in hand; its checkpoint is stored before this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.abort();
    await this.subscription?.stop();
    this.onStop?.();
    await this.loop;
    this.loop = undefined;
  }

  /** The position this runner has applied up to (undefined before its first batch). */
  appliedPosition(): Position | undefined {
    return this.checkpoint;
  }

  async status(): Promise<RunnerStatus> {
    let lag: number | null;
    try {
      // Against the newest committed event, not the readable head: while a long transaction
      // holds readers back the head stands still, and the lag must show, not read 0.
      const head = await this.store.latestCommittedPosition();
      const checkpoint = this.checkpoint ?? (await this.readCheckpoint());
      if (!head) lag = 0;
      else if (checkpoint && comparePositions(head, checkpoint) <= 0) lag = 0;
      // Positions are ordered by (transaction, sequence), so the difference is an estimate; never 0 while behind.
      else lag = Math.max(1, Number(head.prepare - (checkpoint?.prepare ?? -1n)));
    } catch {
      lag = null;
    }
    return {
      name: this.name,
      kind: this.target.kind,
      state: this.state,
      checkpoint: this.checkpoint ? `${this.checkpoint.commit}/${this.checkpoint.prepare}` : null,
      lag,
      processed: this.processed,
      lastError: this.lastError,
    };
  }

  /**
   * Applies everything up to the store's current head and returns (for tests, the rebuild
   * command and the benchmark). Takes the lock for the duration; fails if another process has it.
   */
  async catchUp(onProgress?: (processed: number, last: Position) => void): Promise<number> {
    if (!(await this.acquireLock())) throw new Error(`${this.name} is being run by another process (its advisory lock is held)`);
    try {
      this.checkpoint = await this.readCheckpoint();
      // Everything committed when the call began: an older transaction still open elsewhere on
      // the server holds newer events back from readers, so wait for it rather than stop short.
      const target = await this.store.latestCommittedPosition();
      let total = 0;
      for (;;) {
        const page = await this.store.readAll({ ...this.filter, after: this.checkpoint, maxCount: this.options.batchSize ?? 1000 });
        if (page.lastPosition && (page.events.length > 0 || !this.checkpoint || comparePositions(page.lastPosition, this.checkpoint) !== 0)) {
          await this.handleBatch(page.events, page.lastPosition);
          total += page.events.length;
          onProgress?.(total, page.lastPosition);
        }
        if (page.hasMore) continue;
        if (!target || (this.checkpoint && comparePositions(this.checkpoint, target) >= 0)) return total;
        await sleep(20);
      }
    } finally {
      await this.releaseLock();
    }
  }

  /** Empties the read model and its checkpoint, then replays from position zero. */
  async rebuild(onProgress?: (processed: number, last: Position) => void): Promise<number> {
    if (this.target.kind !== 'projection') throw new Error(`${this.name} is a reactor; reactors are not rebuilt (their effects already happened)`);
    await this.setup();
    if (!(await this.acquireLock())) throw new Error(`${this.name} is being run by another process (its advisory lock is held): stop the workers first`);
    try {
      await resetForRebuild(this.pool, [this.target.projection]);
    } finally {
      await this.releaseLock();
    }
    this.checkpoint = undefined;
    this.processed = 0;
    this.analyzeAfterRows = true;
    return this.catchUp(onProgress);
  }
}

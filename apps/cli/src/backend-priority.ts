import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type pg from 'pg';

/**
 * The rebuild's own PostgreSQL connections at the rebuild's priority (`nice`), where the server's
 * processes are this host's and the operating system lets us: half the rebuild's CPU is spent in
 * PostgreSQL, and a backend at normal priority competes with the API's requests as the CLI at
 * nice 10 no longer does (the board's p99 while ten counties rebuild; bench:province).
 *
 * The connections open when it begins are found by their application name (`PGAPPNAME`, set by
 * the CLI before it connects); those the pool opens later, as they open. A process is only reniced when it is a `postgres` process that started when the
 * server says the backend started: a server in a container or on another host has its own process
 * ids, and a number that happens to match here is left alone. When it cannot (another host,
 * another user's processes, not Linux), the rebuild goes on and says so once.
 */
export class BackendPriority {
  private readonly lowered = new Set<number>();
  private kept: string | undefined;

  constructor(
    private readonly applicationName: string,
    private readonly nice: number,
    private readonly say: (line: string) => void,
    private readonly processes: LocalProcesses = linuxProcesses,
  ) {}

  /** The backends lowered so far. */
  get count(): number {
    return this.lowered.size;
  }

  /**
   * Lowers the pool's backends open now (found by the application name) and each one it opens from
   * now on, as it opens (its first statement, queued before whatever it was opened for).
   */
  async lowerAll(pool: Pick<pg.Pool, 'query' | 'on'>, onError: (error: Error) => void): Promise<void> {
    pool.on('connect', (client: pg.PoolClient) => {
      if (this.kept !== undefined) return;
      client
        .query<Backend>(`select pid, extract(epoch from backend_start)::float8 as started from pg_stat_activity where pid = pg_backend_pid()`)
        .then(({ rows }) => this.lower(rows))
        .catch(onError);
    });
    let rows: Backend[];
    try {
      ({ rows } = await pool.query<Backend>(
        'select pid, extract(epoch from backend_start)::float8 as started from pg_stat_activity where application_name = $1',
        [this.applicationName],
      ));
    } catch (error) {
      return onError(error as Error);
    }
    // The statement's own connection at least carries the name, unless DATABASE_URL names connections otherwise.
    if (rows.length === 0) return this.keep('its connections are not named as it named them (does DATABASE_URL set application_name?)');
    this.lower(rows);
  }

  private lower(backends: Backend[]): void {
    for (const { pid, started } of backends) {
      if (this.kept !== undefined) return;
      if (this.lowered.has(pid)) continue;
      const reason = this.processes.whyNotLocal(pid, started);
      // The first decides whether the server is this host's; a later one may have closed since the query.
      if (reason && this.lowered.size === 0) return this.keep(reason);
      if (reason) continue;
      try {
        this.processes.renice(pid, this.nice);
      } catch (error) {
        return this.keep(`the operating system refused (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      this.lowered.add(pid);
    }
  }

  private keep(reason: string): void {
    this.kept = reason;
    this.say(`The rebuild's PostgreSQL connections keep their priority: ${reason}.`);
  }
}

type Backend = { pid: number; started: number };

/** What `BackendPriority` asks of the operating system. */
export interface LocalProcesses {
  /** Why `pid` is not the PostgreSQL backend that started at `startedEpochSeconds` on this host; undefined when it is. */
  whyNotLocal(pid: number, startedEpochSeconds: number): string | undefined;
  renice(pid: number, nice: number): void;
}

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every architecture Linux runs on. */
const USER_HZ = 100;

/** A process of this host as /proc tells it: its command's name and when it started (seconds since the epoch); undefined when there is none. */
export function processOnThisHost(pid: number): { name: string; startedEpochSeconds: number } | undefined {
  try {
    const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // The fields after the command's name (which may hold spaces): the line's 22nd field, start time, is the 20th of these.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const startedEpochSeconds = bootSeconds + startTicks / USER_HZ;
    return Number.isFinite(startedEpochSeconds) ? { name, startedEpochSeconds } : undefined;
  } catch {
    return undefined;
  }
}

export const linuxProcesses: LocalProcesses = {
  whyNotLocal(pid, startedEpochSeconds) {
    const here = processOnThisHost(pid);
    if (!here || here.name !== 'postgres' || Math.abs(here.startedEpochSeconds - startedEpochSeconds) > 2) {
      return 'the server runs on another host or in another process namespace (or this system has no /proc)';
    }
    return undefined;
  },
  renice(pid, nice) {
    setPriority(pid, nice);
  },
};

import { EventEmitter } from 'node:events';
import { BackendPriority, linuxProcesses, processOnThisHost, type LocalProcesses } from './backend-priority.js';

type Backend = { pid: number; started: number };

/**
 * A pool whose pg_stat_activity lists `named` (the connections carrying the rebuild's name); a
 * connection it opens later is announced with `open`, answering for itself.
 */
function fakePool(named: Backend[]) {
  const asked: unknown[] = [];
  const pool = Object.assign(new EventEmitter(), {
    query: async (_text: string, values: unknown[]) => {
      asked.push(values);
      return { rows: [...named] };
    },
  });
  const open = async (backend: Backend) => {
    let answered!: Promise<unknown>;
    pool.emit('connect', { query: () => (answered = Promise.resolve({ rows: [backend] })) });
    await answered;
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { pool: pool as never, asked, open };
}

function processes(local: (pid: number) => string | undefined, refuse?: (pid: number) => Error | undefined) {
  const reniced: Array<[number, number]> = [];
  const os: LocalProcesses = {
    whyNotLocal: (pid) => local(pid),
    renice: (pid, nice) => {
      const error = refuse?.(pid);
      if (error) throw error;
      reniced.push([pid, nice]);
    },
  };
  return { os, reniced };
}

const failOnError = (error: Error) => {
  throw error;
};

describe('BackendPriority: the rebuild’s PostgreSQL backends at its own priority', () => {
  it('lowers the backends open under its name, then each connection the pool opens, once each', async () => {
    const { pool, asked, open } = fakePool([{ pid: 11, started: 1 }, { pid: 12, started: 1 }]);
    const { os, reniced } = processes(() => undefined);
    const said: string[] = [];
    const priority = new BackendPriority('projections:rebuild 7', 10, (line) => said.push(line), os);

    await priority.lowerAll(pool, failOnError);
    await open({ pid: 13, started: 2 });
    await open({ pid: 12, started: 1 });

    expect(asked).toEqual([['projections:rebuild 7']]);
    expect(reniced).toEqual([[11, 10], [12, 10], [13, 10]]);
    expect(priority.count).toBe(3);
    expect(said).toEqual([]);
  });

  it('leaves every backend alone, and says why once, when the server is not this host’s', async () => {
    const { pool, open } = fakePool([{ pid: 11, started: 1 }]);
    const { os, reniced } = processes(() => 'the server runs on another host or in another process namespace');
    const said: string[] = [];
    await new BackendPriority('projections:rebuild 7', 10, (line) => said.push(line), os).lowerAll(pool, failOnError);
    await open({ pid: 12, started: 1 });
    expect(reniced).toEqual([]);
    expect(said).toEqual(["The rebuild's PostgreSQL connections keep their priority: the server runs on another host or in another process namespace."]);
  });

  it('says so once when the operating system refuses (another user’s processes)', async () => {
    const { pool, open } = fakePool([{ pid: 11, started: 1 }, { pid: 12, started: 1 }]);
    const { os, reniced } = processes(() => undefined, () => Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }));
    const said: string[] = [];
    await new BackendPriority('projections:rebuild 7', 10, (line) => said.push(line), os).lowerAll(pool, failOnError);
    await open({ pid: 13, started: 1 });
    expect(reniced).toEqual([]);
    expect(said).toEqual(["The rebuild's PostgreSQL connections keep their priority: the operating system refused (EPERM)."]);
  });

  it('skips a backend gone since the query once others were lowered', async () => {
    const { pool } = fakePool([{ pid: 11, started: 1 }, { pid: 12, started: 1 }]);
    const { os, reniced } = processes((pid) => (pid === 12 ? 'gone' : undefined));
    const said: string[] = [];
    await new BackendPriority('projections:rebuild 7', 10, (line) => said.push(line), os).lowerAll(pool, failOnError);
    expect(reniced).toEqual([[11, 10]]);
    expect(said).toEqual([]);
  });

  it('says so when no connection carries its name (DATABASE_URL names them otherwise)', async () => {
    const { pool } = fakePool([]);
    const said: string[] = [];
    await new BackendPriority('projections:rebuild 7', 10, (line) => said.push(line), processes(() => undefined).os).lowerAll(pool, failOnError);
    expect(said).toEqual([expect.stringContaining('its connections are not named as it named them')]);
  });

  it('hands a failing look-up to its caller and lowers nothing', async () => {
    const failing = Object.assign(new EventEmitter(), { query: async () => Promise.reject(new Error('permission denied')) });
    const errors: string[] = [];
    const { os, reniced } = processes(() => undefined);
    await new BackendPriority('projections:rebuild 7', 10, () => undefined, os).lowerAll(failing as never, (error) => errors.push(error.message));
    expect(errors).toEqual(['permission denied']);
    expect(reniced).toEqual([]);
  });
});

describe('the processes of this host (/proc)', () => {
  it('knows when a process started and what it runs', () => {
    const here = processOnThisHost(process.pid)!;
    expect(here.name).toMatch(/node|jest/);
    expect(Math.abs(here.startedEpochSeconds - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
    expect(processOnThisHost(2 ** 22 + 12345)).toBeUndefined();
  });

  it('takes a process for a PostgreSQL backend only when it is a postgres process started when the server says', () => {
    const startedNow = Date.now() / 1000 - process.uptime();
    // This process started then, but it is not postgres.
    expect(linuxProcesses.whyNotLocal(process.pid, startedNow)).toMatch(/another host/);
    // No such process here.
    expect(linuxProcesses.whyNotLocal(2 ** 22 + 12345, startedNow)).toMatch(/another host/);
  });
});

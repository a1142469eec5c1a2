import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { advanceCheckpoint, loadCheckpoints, setupCheckpoints } from './checkpoint-store.js';
import { resetForRebuild } from './reset-for-rebuild.js';
import type { Projection } from './projection.js';

function tableProjection(name: string): Projection {
  return {
    name,
    async setup(client: pg.ClientBase) {
      await client.query(`create table if not exists read.${name} (n int); insert into read.${name} values (1)`);
    },
    async apply() {},
    async reset(client: pg.ClientBase) {
      await client.query(`truncate read.${name}`);
    },
  };
}

describe('resetForRebuild (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it("empties each read model with its checkpoint while a reader keeps reading two of them in the other order", async () => {
    // The board's shape: a request reads the deadlines, then the tree; the reset empties the tree first.
    const tree = tableProjection('tree');
    const board = tableProjection('board');
    const client = await database.pool.connect();
    try {
      await setupCheckpoints(client);
      for (const p of [tree, board]) {
        await p.setup(client);
        await advanceCheckpoint(client, p.name, undefined, { commit: 5n, prepare: 5n });
      }
    } finally {
      client.release();
    }

    let reading = true;
    let reads = 0;
    const reader = (async () => {
      const connection = await database.pool.connect();
      try {
        while (reading) {
          await connection.query('begin');
          await connection.query('select count(*) from read.board');
          await connection.query('select pg_sleep(0.03)');
          await connection.query('select count(*) from read.tree');
          await connection.query('commit');
          reads++;
        }
      } finally {
        connection.release();
      }
    })();

    try {
      const started = Date.now();
      // One transaction for both would hold the tree while waiting for the board, which the reader holds
      // while waiting for the tree: every attempt a deadlock, given up after 100 (about a minute).
      await resetForRebuild(database.pool, [tree, board]);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      reading = false;
      await reader;
    }
    expect(reads).toBeGreaterThan(0); // the reader was never the victim: it ran to the end
    for (const name of ['tree', 'board']) {
      expect(Number((await database.pool.query(`select count(*) from read.${name}`)).rows[0].count)).toBe(0);
    }
    expect((await loadCheckpoints(database.pool, ['tree', 'board'])).size).toBe(0);
  }, 90_000);
});

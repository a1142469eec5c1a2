import pg from 'pg';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/kernel';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@app/event-store';

/**
 * The PostgreSQL that holds read models (and the events, unless EVENT_STORE=kurrentdb).
 * With DATABASE_URL unset a real embedded PostgreSQL is started under DATA_DIR.
 */
export class Database {
  constructor(
    readonly pool: pg.Pool,
    readonly url: string,
    readonly embedded: EmbeddedPostgresHandle | undefined,
  ) {}

  static async connect(config: AppConfig, logger = new Logger('Database')): Promise<Database> {
    const closing = { value: false };
    let url = config.databaseUrl;
    let embedded: EmbeddedPostgresHandle | undefined;
    if (!url) {
      logger.log(`DATABASE_URL is not set: starting the embedded PostgreSQL under ${config.dataDir}/postgres`);
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
        log: (message) => logger.debug(message),
      });
      url = embedded.databaseUrl;
    }
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
    // An idle connection that fails is replaced by the pool; worth a warning only while running.
    pool.on('error', (error) => {
      if (!closing.value) logger.warn(`idle database connection failed: ${error.message}`);
    });
    try {
      await pool.query('select 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      await embedded?.stop().catch(() => undefined);
      throw new Error(
        `PostgreSQL is not reachable at DATABASE_URL=${redact(url)}: ${(error as Error).message}. ` +
          'Start PostgreSQL, fix DATABASE_URL, or unset it to use the embedded server.',
        { cause: error },
      );
    }
    const database = new Database(pool, url, embedded);
    database.onClose = () => (closing.value = true);
    return database;
  }

  private onClose: (() => void) | undefined;

  async close(): Promise<void> {
    this.onClose?.();
    await this.pool.end().catch(() => undefined);
    await this.embedded?.stop();
  }
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable url)';
  }
}

/** Closes the pool (and stops the embedded server) after everything else has stopped. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

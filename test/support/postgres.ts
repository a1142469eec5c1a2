import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The server the integration tests use; CI starts it (see .ci/run). */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/**
 * A fresh database per test file, so files run in parallel and leave nothing behind.
 * A missing server fails the test with a message; it is never skipped.
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const admin = new pg.Client(ADMIN_URL);
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for this test and is not reachable at ${ADMIN_URL} (${(error as Error).message}). ` +
        `Start it (bash .ci/run does) or set TEST_POSTGRES_URL.`,
      { cause: error },
    );
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  // Idle clients are cut when the database is dropped; that is expected here.
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const cleanup = new pg.Client(ADMIN_URL);
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

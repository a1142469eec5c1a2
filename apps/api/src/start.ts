import 'reflect-metadata';
import { AppConfig, ConfigError, loadConfig } from '@app/kernel';
import { createHttpApplication, ensureLocalRedis } from '@app/platform';
import { AppModule } from './app.module.js';
import { serveWebApp } from './web.js';

export interface StartOptions {
  worker: boolean;
  background: boolean;
  env?: Record<string, string | undefined>;
}

/** Starts the HTTP API (with or without the worker side) and listens on PORT. */
export async function startHttp(options: StartOptions) {
  const env = { RUN_BACKGROUND: String(options.background), ...options.env };
  // Before the configuration is read: with REDIS_URL unset and no Redis on 6379, a local
  // redis-server child under DATA_DIR (as the embedded PostgreSQL), and REDIS_URL pointing at it.
  const redis = await ensureLocalRedis({ ...process.env, ...env }, (message) => console.log(message));
  const config: AppConfig = loadConfig({ ...process.env, ...env });
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: options.worker }), env);
  const web = await serveWebApp(app);
  await app.listen({ port: config.port, host: config.host });
  exitGracefully({
    close: async () => {
      await app.close();
      await redis?.stop();
    },
  });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`API ready at ${url}/api/v1 — OpenAPI at ${url}/api/docs${options.worker ? ' (worker running in this process)' : ''}`);
  if (web) console.log(`Web app at ${url}/`);
  return app;
}

/**
 * SIGTERM/SIGINT: stop taking requests, finish the jobs and batches in hand, store checkpoints,
 * close connections, stop the embedded server, then exit 0. A second signal exits at once.
 */
export function exitGracefully(app: { close(): Promise<void> }, timeoutMs = 30_000): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    console.log(`${signal} received: shutting down gracefully`);
    const timer = setTimeout(() => {
      console.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Prints a start failure as one clear message (the variable to fix, the service to start) and exits. */
export function exitOnStartFailure(error: unknown): never {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`\nThe application could not start: ${message}\n`);
  process.exit(1);
}

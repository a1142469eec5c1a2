import 'reflect-metadata';
import { setPriority } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/kernel';
import { createRootLogger, PinoNestLogger } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitGracefully, exitOnStartFailure } from '../../api/src/start.js';
import { startOpsServer } from './ops-server.js';

// The worker: projections, reactors and BullMQ processors; no API, only /metrics and /health on WORKER_PORT.
async function main() {
  if (!process.env.DATABASE_URL) {
    throw new Error('start:worker needs DATABASE_URL (shared with the API). For a single process on the embedded PostgreSQL use "npm start".');
  }
  const env = { RUN_BACKGROUND: 'true' };
  const config = loadConfig({ ...process.env, ...env });
  const logger = new PinoNestLogger(createRootLogger(config.logLevel));
  // Below the API where they share cores (WORKER_NICENESS; see AppConfig.workerNiceness).
  if (config.workerNiceness > 0) setPriority(config.workerNiceness);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, worker: true }), { logger });
  await app.init();
  const ops = config.workerPort > 0 ? await startOpsServer(app, config.workerPort, config.host) : undefined;
  exitGracefully({
    close: async () => {
      await new Promise<void>((resolve) => (ops ? ops.close(() => resolve()) : resolve()));
      await app.close();
    },
  });
  const where = ops ? `; metrics and health at http://${config.host}:${config.workerPort}/metrics, /health/ready` : '';
  console.log(`Worker running: projections, reactors and job processors${where}.`);
}

main().catch(exitOnStartFailure);

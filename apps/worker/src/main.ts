import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/kernel';
import { createRootLogger, PinoNestLogger } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitGracefully, exitOnStartFailure } from '../../api/src/start.js';

// The worker: projections, reactors and BullMQ processors, no HTTP.
async function main() {
  if (!process.env.DATABASE_URL) {
    throw new Error('start:worker needs DATABASE_URL (shared with the API). For a single process on the embedded PostgreSQL use "npm start".');
  }
  const env = { RUN_BACKGROUND: 'true' };
  const logger = new PinoNestLogger(createRootLogger(loadConfig({ ...process.env, ...env }).logLevel));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, worker: true }), { logger });
  await app.init();
  exitGracefully(app);
  console.log('Worker running: projections, reactors and job processors.');
}

main().catch(exitOnStartFailure);

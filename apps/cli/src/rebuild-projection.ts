import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type Position } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { createRootLogger, PinoNestLogger, ProjectionHost } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitOnStartFailure } from '../../api/src/start.js';

/**
 * `npm run projections:rebuild -- <name>`: empties one read model and replays it from position
 * zero, with a progress bar. The projection's advisory lock must be free: stop the workers (or
 * the all-in-one process) first; the command says so if it is not.
 */
async function main() {
  const name = process.argv[2];
  const env = { RUN_BACKGROUND: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const logger = new PinoNestLogger(createRootLogger(loadConfig({ ...process.env, ...env }).logLevel));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, worker: false }), { logger });
  await app.init();
  const host = app.get(ProjectionHost);
  try {
    if (!name || name === '--list') {
      console.log(`Projections and reactors: ${host.names().join(', ')}`);
      console.log('Usage: npm run projections:rebuild -- <name>');
      process.exitCode = name ? 0 : 2;
      return;
    }
    const runner = host.runner(name);
    // The share of the log replayed so far: positions up to the head as it was when the rebuild began.
    const head = await app.get(EventStore).headPosition();
    const started = Date.now();
    let last = 0;
    const bar = (processed: number, position?: Position) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? Math.round(processed / seconds) : 0;
      const share = head && position ? Math.min(1, Number(position.prepare + 1n) / Number(head.prepare + 1n)) : 1;
      const filled = Math.round(share * 30);
      process.stderr.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${processed.toLocaleString('en')} events applied, ${rate.toLocaleString('en')} events/s, ${seconds.toFixed(1)} s   `);
    };
    const total = await runner.rebuild((processed, position) => bar(processed, position));
    last = 0;
    bar(total);
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write('\n');
    console.log(`Rebuilt ${name}: ${total.toLocaleString('en')} events in ${seconds.toFixed(1)} s.`);
  } finally {
    await app.close();
  }
}

main().catch(exitOnStartFailure);

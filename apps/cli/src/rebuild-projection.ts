import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type Position } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { createRootLogger, PinoNestLogger, ProjectionHost } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitOnStartFailure } from '../../api/src/start.js';
import { RebuildProgress } from './rebuild-progress.js';

/**
 * `npm run projections:rebuild -- <name>` or `-- --all`: empties read models and replays them
 * from position zero, with a progress bar on a terminal (plain progress lines otherwise). The
 * projections' advisory locks must be free: stop the workers (or the all-in-one process) first;
 * the command says so if one is held.
 *
 * With `--all`, every projection in turn, the organisation tree first: other read models (the
 * deadline board's paths) look organisations up in it while they replay.
 */
const FIRST = ['access.organizations'];

async function main() {
  const args = process.argv.slice(2);
  const env = { RUN_BACKGROUND: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const logger = new PinoNestLogger(createRootLogger(loadConfig({ ...process.env, ...env }).logLevel));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, worker: false }), { logger });
  await app.init();
  const host = app.get(ProjectionHost);
  try {
    if (args.length === 0 || args[0] === '--list') {
      console.log(`Projections: ${host.projectionNames().join(', ')}`);
      console.log(`Reactors (never rebuilt: their effects already happened): ${host.reactorNames().join(', ')}`);
      console.log('Usage: npm run projections:rebuild -- <name> [<name> ...] | --all');
      process.exitCode = args.length === 0 ? 2 : 0;
      return;
    }
    const names = args.includes('--all')
      ? [...FIRST.filter((n) => host.projectionNames().includes(n)), ...host.projectionNames().filter((n) => !FIRST.includes(n))]
      : args;
    // Unknown names fail before anything is emptied.
    for (const name of names) host.runner(name);
    const head = await app.get(EventStore).headPosition();
    const progress = new RebuildProgress(names, head, process.stderr, Boolean(process.stderr.isTTY));
    for (const name of names) {
      progress.begin(name);
      const total = await host.runner(name).rebuild((processed: number, position: Position) => progress.update(processed, position));
      const line = progress.end(total);
      console.log(line);
    }
    if (names.length > 1) console.log(progress.summary());
  } finally {
    await app.close();
  }
}

main().catch(exitOnStartFailure);

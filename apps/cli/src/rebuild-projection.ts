import 'reflect-metadata';
import { setPriority } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type Position } from '@app/kernel';
import { EventStore, REBUILD_FLUSH_EVERY, REBUILD_MAX_UNWRITTEN, REBUILD_PAGE_SIZE } from '@app/event-store';
import { createRootLogger, PinoNestLogger, ProjectionHost } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitOnStartFailure } from '../../api/src/start.js';
import { RebuildProgress, perSecond } from './rebuild-progress.js';

/**
 * `npm run projections:rebuild -- <name> [<name> ...]` or `-- --all` [`--page-size=N`] [`--flush-every=N`] [`--nice=N`]: empties read models and
 * replays them from position zero, with a progress bar on a terminal (plain progress lines
 * otherwise). The projections' advisory locks must be free: stop the workers (or the all-in-one
 * process) first; the command says so if one is held, and changes nothing.
 *
 * Several projections are rebuilt in one pass over the log (each page read once, then applied to
 * each of them side by side, each with its checkpoint in one transaction); the organisation tree
 * is applied first on each page, since the deadline board looks organisations up in it.
 */
const FIRST = ['access.organizations'];
/** How much lower than a normal process the rebuild runs (`nice`), unless `--nice=N` says otherwise. */
const REBUILD_NICE = 10;

/** `--<name>=N`, a whole number from `min` to `max` (absent: undefined, the default applies). */
function wholeNumberOption(args: string[], name: string, min: number, max: number, fallback: number, what: string): number | undefined {
  const option = args.find((a) => a.startsWith(`--${name}`));
  if (option === undefined) return undefined;
  const value = Number(option.split('=')[1]);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`--${name}=N takes a whole number of ${what} from ${min} to ${max} (default ${fallback}), not "${option}"`);
  }
  return value;
}

async function main() {
  const all = process.argv.slice(2);
  const pageSize = wholeNumberOption(all, 'page-size', 100, 1_000_000, REBUILD_PAGE_SIZE, 'events');
  const flushEvery = wholeNumberOption(all, 'flush-every', 1, 1_000, REBUILD_FLUSH_EVERY, 'pages');
  const maxUnwritten = wholeNumberOption(all, 'max-unwritten', 1, 10_000_000, REBUILD_MAX_UNWRITTEN, 'subjects');
  const nice = wholeNumberOption(all, 'nice', 0, 19, REBUILD_NICE, 'steps');
  const options = ['--page-size', '--flush-every', '--max-unwritten', '--nice'];
  const args = all.filter((a) => !options.some((option) => a.startsWith(option)));
  // A rebuild yields the CPU to the requests the API answers meanwhile (the board's p99 while it runs;
  // bench:province): on a host of its own it loses nothing, there being nobody to yield to.
  try {
    setPriority(nice ?? REBUILD_NICE);
  } catch {
    // Lowering one's own priority is always allowed on Linux; elsewhere (not supported), run as is.
  }
  const env = { RUN_BACKGROUND: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const logger = new PinoNestLogger(createRootLogger(loadConfig({ ...process.env, ...env }).logLevel));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, worker: false }), { logger });
  await app.init();
  const host = app.get(ProjectionHost);
  try {
    if (args.length === 0 || args[0] === '--list') {
      console.log(`Projections: ${host.projectionNames().join(', ')}`);
      console.log(`Reactors (never rebuilt: their effects already happened): ${host.reactorNames().join(', ')}`);
      console.log(
        `Usage: npm run projections:rebuild -- <name> [<name> ...] | --all [--page-size=N (events per page, default ${REBUILD_PAGE_SIZE}: memory grows with it)] ` +
          `[--flush-every=N (pages between the commits of a projection that holds its rows across pages, default ${REBUILD_FLUSH_EVERY})] ` +
          `[--max-unwritten=N (subjects such a projection holds unwritten before it commits early, default ${REBUILD_MAX_UNWRITTEN}: memory grows with it)] ` +
          `[--nice=N (0-19: how much the rebuild yields the CPU to other processes, default ${REBUILD_NICE})]`,
      );
      process.exitCode = args.length === 0 ? 2 : 0;
      return;
    }
    const names = args.includes('--all')
      ? [...FIRST.filter((n) => host.projectionNames().includes(n)), ...host.projectionNames().filter((n) => !FIRST.includes(n))]
      : args;
    const head = await app.get(EventStore).headPosition();
    const progress = new RebuildProgress(head, process.stderr, Boolean(process.stderr.isTTY));
    if (names.length === 1) {
      const name = names[0]!;
      const runner = host.runner(name);
      progress.begin(name);
      const total = await runner.rebuild((processed: number, position: Position) => progress.update(processed, position));
      console.log(progress.end(total));
      return;
    }
    progress.begin(`${names.length} projections`);
    const done = await host.rebuildTogether(names, FIRST, (p) => progress.update(p.read, p.last), { batchSize: pageSize, flushEvery, maxUnwritten });
    const seconds = progress.seconds();
    progress.end(done.read);
    for (const [name, { events, applyMs, commits, earlyFlushes, indexMs }] of done.projections) {
      const early = earlyFlushes > 0 ? `, ${earlyFlushes} of them early: its unwritten rows reached the bound` : '';
      const indexes = indexMs > 0 ? `; its indexes built at the end in ${(indexMs / 1000).toFixed(1)} s` : '';
      console.log(
        `Rebuilt ${name}: ${events.toLocaleString('en')} events in ${(applyMs / 1000).toFixed(1)} s (${perSecond(events, applyMs / 1000)} events/s of its own apply time, its ${commits.toLocaleString('en')} commits included${early})${indexes}`,
      );
    }
    const applying = [...done.projections.values()].reduce((sum, p) => sum + p.applyMs, 0) / 1000;
    const cpu = process.cpuUsage();
    console.log(
      `Rebuilt ${names.length} projections in ${seconds.toFixed(1)} s, in one pass over ${done.read.toLocaleString('en')} events ` +
        `(${perSecond(done.read, seconds)} events/s): applying ${applying.toFixed(1)} s (summed over projections applied side by side), committing ${(done.commitMs / 1000).toFixed(1)} s, ` +
        `waiting for pages ${(done.waitForPageMs / 1000).toFixed(1)} s (summed over projections); this process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU`,
    );
  } finally {
    await app.close();
  }
}

main().catch(exitOnStartFailure);

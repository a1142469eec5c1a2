/*
 * The province on one machine (issue 15.3). Ten years of a county's (BENCH_SCALE=county, the
 * default), a province's (BENCH_SCALE=province: 100 counties) or BENCH_COUNTIES counties' events, decided by the real
 * deciders (bench/support/decided-events.ts): per organisation and year its reports, the notices
 * its supervisor issues with their items rectified and verified, a responsibility letter, the
 * 五评 assessment, the escalation ladder's reminders and levels, inbox reads; per supervisor and
 * year a published ranking. Appended in bulk to a database of its own, created and dropped here.
 *
 * Then every projection is rebuilt by the CLI (`projections:rebuild --all`, a child process,
 * plain progress lines), next to a raw ordered read of the same log in the same run; the
 * child's peak RSS is sampled from /proc; the county board (`GET /deadlines` as the county's
 * supervisor, over HTTP against the whole application) is asked one request after another
 * before the rebuild, and while it runs as users ask it: a request every BENCH_BOARD_INTERVAL_MS
 * (50, as bench:burst's board; 0: one after another, a load generator taking the rebuild's CPU). Figures: stdout, bench/results/province.json and a section
 * of docs/benchmarks.md.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { CheckpointedRunner, EventStore } from '@app/event-store';
import { createHttpApplication, Database, ProjectionRegistry } from '@app/platform';
import type { AssessmentState } from '@app/assessment';
import { AppModule } from '../apps/api/src/app.module.js';
import {
  DAY,
  decideAssessment,
  decideNotice,
  decidePledge,
  decidePublishedRanking,
  decideReport,
  EventSink,
  inboxStream,
  partyOf,
  random,
  readInboxItems,
  type Org,
} from './support/decided-events.js';
import { benchHttp, childrenByParent, importTree } from './support/bench-api.js';
import { openBenchDatabase } from './support/database.js';
import { writeDocSection } from './support/measure.js';
import { readModelChecksums } from './support/read-model-checksums.js';

// BENCH_COUNTIES=n (between the two scales): n counties, e.g. 10 for a tenth of a province (memory over a longer log, in minutes).
const COUNTIES = process.env.BENCH_COUNTIES ? Math.max(1, Math.floor(Number(process.env.BENCH_COUNTIES) || 1)) : process.env.BENCH_SCALE === 'province' ? 100 : 1;
const SCALE = COUNTIES === 1 ? 'county' : COUNTIES === 100 ? 'province' : `${COUNTIES}-counties`;
const TOWNSHIPS = 20;
const VILLAGES = 20;
const YEARS = Array.from({ length: 10 }, (_, i) => 2016 + i);
const BOARD_REQUESTS_BEFORE = 300;
// During the rebuild a request starts every this many ms (or as soon as the one before answers, when later).
const BOARD_INTERVAL_MS = Number(process.env.BENCH_BOARD_INTERVAL_MS ?? 50);
const ADMIN = { username: 'admin', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';
const GOAL_EVENTS_PER_SECOND = 36_000;
const CATCH_UP_BATCH = Number(process.env.BENCH_CATCH_UP_BATCH ?? 1000);
// BENCH_LOG_ORDER=grouped keeps the log as generated: each subject's stream whole, one after another.
const TIME_ORDER = process.env.BENCH_LOG_ORDER !== 'grouped';
// BENCH_VERIFY=0: no catch-up of every read model by live runners before the rebuild, so nothing to compare the
// rebuilt tables with and no board before it (its tables empty). The catch-up, one runner after another, takes ~4×
// the rebuild (a province: hours); the comparison is made at the county and ten-county scales. Off by default only
// for the province.
const VERIFY = process.env.BENCH_VERIFY !== undefined ? process.env.BENCH_VERIFY !== '0' : COUNTIES !== 100;

const log = (message: string) => process.stderr.write(`[bench:province] ${message}\n`);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/**
 * The deciders above write each subject's stream whole, one stream after another: a page of the
 * rebuild then holds whole subjects, each folded, read and written once. A running system appends
 * things as they happen, a subject's events spread over the months of everyone else's, so a
 * rebuild meets a subject on many pages, reading its state back and writing it again on each. The
 * decade is rewritten here in the order its events occurred, as the system would have appended
 * it; the tree and the users, appended before it, stay first. A stream keeps its own order (its
 * revisions are unchanged): an event is placed at the latest time of it and its stream's earlier
 * events (a rectification the generator dates before a rejection-and-redo of the item before it).
 *
 * Year by year, as each is generated, so that the copies a reorder needs (the year's rows, the
 * rows deleted, the rows inserted in order: three) are of a year, not of the decade (a province's
 * decade is ~24 GB: three copies of it did not fit beside its read models on a 76 GB disk). What
 * a year's subjects do after its end (a notice issued in November, closed in January) is held
 * back, at the end of the log, and put in order with the next year: `after` is where the ordered
 * log ends, and the position to give the next call is returned. The last year (`until` absent)
 * puts everything left in order.
 */
async function putInTimeOrder(pool: pg.Pool, after: string, until: Date | undefined): Promise<string> {
  const columns = 'stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at, recorded_at';
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `create temporary table unordered on commit drop as
         select ${columns},
                max(occurred_at) over (partition by stream_id order by stream_revision rows between unbounded preceding and current row) as placed_at
         from es.events where global_position > $1::bigint`,
      [after],
    );
    await client.query('delete from es.events where global_position > $1::bigint', [after]);
    // Positions numbered on from where the ordered log ends, as if appended so: no gap of the rows deleted (a rebuild's
    // progress counts the log's events by position).
    await client.query(`select setval(pg_get_serial_sequence('es.events', 'global_position'), $1::bigint + 1, false)`, [after]);
    // What happened before `until` in order; the rest (nothing, the last year) after it, held back for the next call.
    const placed = (where: string) => `insert into es.events (${columns}) select ${columns} from unordered where ${where} order by placed_at, stream_id, stream_revision`;
    await client.query(placed('placed_at < $1'), [until ?? 'infinity']);
    const { rows: [ordered] } = await client.query<{ position: string }>('select coalesce(max(global_position), $1::bigint)::text as position from es.events', [after]);
    await client.query(placed('placed_at >= $1'), [until ?? 'infinity']);
    await client.query('commit');
    return ordered!.position;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}
const row = (name: string, value: number, unit: string, baseline: number | null = null): Row => ({
  name,
  value: round(value),
  unit,
  baseline: baseline === null ? null : round(baseline),
  ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
});

/** Peak and current resident set of a process, from /proc (kB → MB); undefined once it is gone. */
async function memoryOf(pid: number): Promise<{ peakMb: number; rssMb: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (!status) return undefined;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** CPU seconds used so far by each server process connected to this database (Linux /proc; empty elsewhere). */
async function backendCpu(pool: pg.Pool): Promise<Map<number, number>> {
  const rows = await pool
    .query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')
    .then((r) => r.rows)
    .catch(() => []);
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    used.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
  }
  return used;
}

async function main(): Promise<void> {
  // Whether the machine was quiet: the figures of a shared machine say little on their own.
  const loadAtStart = loadavg()[0]!;
  // BENCH_KEEP_DATABASE=1 (with DATABASE_URL set to a server of one's own): the log and its read
  // models stay, to run `projections:rebuild --all` against them again while working on it.
  const db = await openBenchDatabase(2, log, { prefix: `bench_province_${process.pid}`, dataDir: '.data/bench-province', port: 54333, logPrefix: `scale ${SCALE}: `, keep: Boolean(process.env.BENCH_KEEP_DATABASE) });

  const queuePrefix = `{bench-province-${process.pid}-${Date.now()}}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    RUN_BACKGROUND: 'false',
    LOG_LEVEL: 'error',
    BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    QUEUE_PREFIX: queuePrefix,
  };
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: false }), env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
  const store = app.get(EventStore);
  const { pool } = db;
  const results: Row[] = [];
  try {
    const { http, login } = benchHttp(base);

    // ------------------------------------------------------------ the tree, by CSV import per county
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const { counties, orgs } = await importTree(http, adminToken, COUNTIES, TOWNSHIPS, VILLAGES);
    await http('POST', 'users', adminToken, { username: 'county-sup', password: PASSWORD, orgId: 'county', roles: ['supervisor'] });
    const organisations = counties.length + orgs.length;

    // ------------------------------------------------------------ ten years through the deciders
    const rand = random(15);
    const sink = new EventSink(store);
    const children = childrenByParent(orgs);
    const lastYear = YEARS[YEARS.length - 1]!;
    // The last event before the decade: the tree and the users, appended over HTTP (they stay first).
    const { rows: [setupEnd] } = await pool.query<{ position: string | null }>('select max(global_position)::text as position from es.events');
    let ordered = setupEnd?.position ?? '0'; // where the log in time order ends (putInTimeOrder)
    let orderSeconds = 0;
    const loadStarted = Date.now();
    for (const year of YEARS) {
      for (const [supervisor, kids] of children) {
        const assessed: Array<{ org: Org; assessment: AssessmentState }> = [];
        for (const org of kids) {
          const self = partyOf(org.id);
          const periods = org.kind === 'township' ? [1, 2, 3, 4].map((q) => `${year}-Q${q}`) : [`${year}-H1`, `${year}-H2`];
          for (const period of periods) {
            const report = decideReport(org, period, rand);
            report.pushTo(sink);
            sink.push(inboxStream(org.id), readInboxItems(report, org.id, 0.6, rand), 'any');
          }
          const notices = org.kind === 'township' ? 2 : 3;
          for (let n = 0; n < notices; n++) {
            const issuedAt = new Date(Date.parse(`${year}-01-01T09:00:00+08:00`) + (20 + n * 110 + rand() * 60) * DAY);
            const dueAt = new Date(issuedAt.getTime() + (20 + Math.floor(rand() * 20)) * DAY);
            // Mostly finished before the due time, some late; in the last year a few stay open (the board's rows).
            const open = year === lastYear && rand() < 0.3;
            const finishAt = open ? null : new Date(issuedAt.getTime() + (rand() < 0.8 ? 5 + rand() * 12 : 25 + rand() * 30) * DAY);
            const notice = decideNotice(
              { issuer: partyOf(supervisor), target: self, issuedAt, dueAt, items: 2 + Math.floor(rand() * 3), finishAt, notes: 1 + Math.floor(rand() * 2), rejectRate: 0.1, title: `${year}年第${n + 1}批督查问题限期整改`, ladder: true },
              rand,
            );
            notice.pushTo(sink);
            sink.push(inboxStream(org.id), readInboxItems(notice, org.id, 0.6, rand), 'any');
          }
          decidePledge(org, String(year), rand).pushTo(sink);
          const assessment = decideAssessment(org, String(year), rand);
          assessment.pushTo(sink);
          assessed.push({ org, assessment: assessment.state });
          await sink.flush();
        }
        const ranking = decidePublishedRanking(supervisor, String(year), assessed);
        sink.push(ranking.streamId, ranking.events);
        await sink.flush();
      }
      if (TIME_ORDER) {
        await sink.flush(true);
        const ordering = Date.now();
        ordered = await putInTimeOrder(pool, ordered, year === lastYear ? undefined : new Date(Date.parse(`${year + 1}-01-01T00:00:00+08:00`)));
        await pool.query('vacuum es.events'); // the year's deleted rows: room for the next year's
        orderSeconds += (Date.now() - ordering) / 1000;
      }
      log(`${year}: ${sink.total.toLocaleString('en')} events so far (${Math.round(sink.total / ((Date.now() - loadStarted) / 1000)).toLocaleString('en')} events/s${TIME_ORDER ? `, ${orderSeconds.toFixed(1)} s of it putting them in order` : ''})`);
    }
    await sink.flush(true);
    // The reorder is the bench's own work, not the system's: left out of the appending rate.
    const loadSeconds = (Date.now() - loadStarted) / 1000 - orderSeconds;
    const { rows: counted } = await pool.query<{ n: string }>('select count(*) as n from es.events');
    const logEvents = Number(counted[0]!.n);
    const perOrgYear = sink.total / (orgs.length * YEARS.length);
    log(`${sink.total.toLocaleString('en')} events decided and appended in ${loadSeconds.toFixed(1)} s (${perOrgYear.toFixed(1)} per organisation and year)${TIME_ORDER ? `, put in the order they occurred in ${orderSeconds.toFixed(1)} s more` : ''}; ${logEvents.toLocaleString('en')} in the log with the tree and users`);
    results.push(row(`events decided and appended (${perOrgYear.toFixed(0)} per organisation-year)`, sink.total / loadSeconds, 'events/s'));
    await pool.query('vacuum (analyze) es.events');

    // ------------------------------------------------------------ the running system: every read model caught up once
    // One runner per projection, each replaying on its own (BENCH_CATCH_UP_BATCH events a page): the
    // one-pass rebuild below must make exactly the same read models (checked at the end; the e2e
    // test rebuild-all checks the same against live runners applying a few events at a time).
    const catchUpEveryReadModel = async (): Promise<Record<string, string>> => {
      const catchUpStarted = Date.now();
      const registry = app.get(ProjectionRegistry);
      const database = app.get(Database);
      const ordered = [...registry.projections].sort((a, b) => Number(b.name === 'access.organizations') - Number(a.name === 'access.organizations'));
      for (const projection of ordered) {
        await CheckpointedRunner.forProjection(store, database.pool, projection, { batchSize: CATCH_UP_BATCH }).catchUp();
      }
      log(`read models caught up in batches of ${CATCH_UP_BATCH} in ${((Date.now() - catchUpStarted) / 1000).toFixed(1)} s`);
      return readModelChecksums(pool);
    };
    if (!VERIFY) log('BENCH_VERIFY=0: no catch-up by live runners, the rebuild starts from empty read models and is not compared');
    const live = VERIFY ? await catchUpEveryReadModel() : undefined;

    // ------------------------------------------------------------ raw baseline: an ordered read of the whole log
    const rawStarted = Date.now();
    let rawCount = 0;
    let after = -1n;
    for (;;) {
      const { rows } = await pool.query<{ global_position: string }>(
        `select global_position, transaction_id::text, stream_id, stream_revision, type, data, metadata, occurred_at, recorded_at
           from es.events where global_position > $1 order by global_position limit 1000`,
        [after.toString()],
      );
      if (rows.length === 0) break;
      rawCount += rows.length;
      after = BigInt(rows[rows.length - 1]!.global_position);
    }
    const rawRate = rawCount / ((Date.now() - rawStarted) / 1000);
    log(`raw ordered read: ${rawCount.toLocaleString('en')} events at ${Math.round(rawRate).toLocaleString('en')} events/s`);

    // ------------------------------------------------------------ the county board before the rebuild
    const countySup = await login('county-sup', PASSWORD);
    const board = async () => {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}/deadlines`, { headers: { authorization: `Bearer ${countySup}` } });
      if (response.status !== 200) throw new Error(`GET /deadlines: ${response.status} ${(await response.text()).slice(0, 200)}`);
      await response.arrayBuffer();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 30; i++) await board();
    const before: number[] = [];
    // With no read models caught up (BENCH_VERIFY=0) the board before the rebuild answers from empty tables: not measured.
    for (let i = 0; VERIFY && i < BOARD_REQUESTS_BEFORE; i++) before.push(await board());
    before.sort((a, b) => a - b);

    // ------------------------------------------------------------ the rebuild, by the CLI, with the board asked meanwhile
    // BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of the CLI's rebuild lands there.
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    // The same V8 flag as `npm run projections:rebuild` (package.json): a larger young generation. --trace-gc: the
    // heap each full collection leaves is what the rebuild holds (its peak RSS is mostly garbage V8 has not collected yet).
    const cli = spawn(process.execPath, ['--max-semi-space-size=64', '--trace-gc', ...profile, resolve('dist/apps/cli/src/rebuild-projection.js'), '--all'], {
      env: { ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const rebuildStarted = Date.now();
    let stdout = '';
    let partial = ''; // a line not yet ended
    const heldAfterFullGc: number[] = []; // MB the heap held after each full collection (mark-compact)
    cli.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const gc = /Mark-Compact(?: \([^)]*\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
        if (gc) heldAfterFullGc.push(Number(gc[1]));
        else if (!/\bScavenge\b|Mark-Compact|Mark-Sweep/.test(line)) {
          stdout += `${line}\n`;
          process.stderr.write(`${line}\n`);
        }
      }
    });
    cli.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    const exited = new Promise<number>((done) => cli.on('exit', (code) => done(code ?? 1)));
    let running = true;
    void exited.then(() => (running = false));
    let peakMb = 0;
    const rssSamples: number[] = [];
    // CPU of this database's server processes (the rebuild's connections, and the board's): this
    // machine is shared, so the wall-clock rate says little on its own; CPU seconds per event do.
    const backendsBefore = await backendCpu(pool);
    let backendsLatest = backendsBefore;
    const sampler = setInterval(() => {
      void memoryOf(cli.pid!).then((m) => {
        // A process that has just exited (a zombie until reaped) shows no resident set.
        if (!m || m.rssMb === 0) return;
        peakMb = Math.max(peakMb, m.peakMb);
        rssSamples.push(m.rssMb);
      });
      void backendCpu(pool).then((now) => {
        for (const [pid, seconds] of now) backendsLatest.set(pid, Math.max(seconds, backendsLatest.get(pid) ?? 0));
      });
    }, 250);
    backendsLatest = new Map(backendsBefore);
    const during: number[] = [];
    const failures: string[] = [];
    for (let next = Date.now(); running; ) {
      // A failed request is counted and reported, not hidden: the board must answer during a rebuild.
      await board().then((ms) => during.push(ms), (error: Error) => failures.push(error.message));
      next += BOARD_INTERVAL_MS;
      if (next > Date.now()) await Promise.race([sleep(next - Date.now()), exited]);
      else next = Date.now();
    }
    clearInterval(sampler);
    const code = await exited;
    const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
    if (code !== 0) throw new Error(`projections:rebuild --all exited with ${code}`);
    during.sort((a, b) => a - b);
    if (live) {
      const rebuilt = await readModelChecksums(pool);
      const differing = Object.keys({ ...live, ...rebuilt }).filter((table) => live[table] !== rebuilt[table]);
      if (differing.length > 0) {
        throw new Error(`the rebuild made other read models than the runs in batches of ${CATCH_UP_BATCH}: ${differing.map((t) => `${t}: ${live[t]} → ${rebuilt[t]}`).join('; ')}`);
      }
      log(`every read table identical after the rebuild to the catch-up in batches of ${CATCH_UP_BATCH} (${Object.keys(live).length} tables)`);
    }

    const perProjection = [...stdout.matchAll(/^Rebuilt (\S+): ([\d,]+) events in ([\d.]+) s/gm)].map((m) => ({
      name: m[1]!,
      events: Number(m[2]!.replaceAll(',', '')),
      seconds: Number(m[3]!),
    }));
    const rebuildRate = logEvents / rebuildSeconds;
    // The CLI's own pass over the log, as it prints it: the wall time less its start (the whole
    // application context, ~2 s), which a rebuild pays once whatever the log's size.
    const passSeconds = Number(/^Rebuilt \d+ projections in ([\d.]+) s/m.exec(stdout)?.[1] ?? NaN);
    const cliCpu = Number(/used ([\d.]+) s of CPU/.exec(stdout)?.[1] ?? NaN);
    let serverCpu = 0;
    for (const [pid, seconds] of backendsLatest) serverCpu += seconds - (backendsBefore.get(pid) ?? 0);
    // On two cores of its own: the CLI's one thread on one, PostgreSQL's work beside it (reads overlap applies).
    const dedicatedEstimate = logEvents / Math.max(cliCpu, (cliCpu + serverCpu) / 2);
    results.push(row(`rebuild of every projection (CLI --all, ${perProjection.length} projections), the log's events per wall second`, rebuildRate, 'events/s', rawRate));
    results.push(row('rebuild goal (a province decade in < 15 min)', rebuildRate, 'events/s', GOAL_EVENTS_PER_SECOND));
    results.push(row("rebuild, the CLI's pass over the log alone (its start left out: paid once at any scale)", logEvents / passSeconds, 'events/s', GOAL_EVENTS_PER_SECOND));
    for (const p of perProjection) results.push(row(`  ${p.name}: ${p.events.toLocaleString('en')} events of its categories in ${p.seconds} s`, p.events / p.seconds, 'events/s', rawRate));
    results.push(row('rebuild wall time', rebuildSeconds, 's'));
    results.push(row('rebuild CPU: the CLI process (incl. its start), per 1,000 events of the log', (cliCpu / logEvents) * 1000 * 1000, 'ms'));
    results.push(row("rebuild CPU: this database's PostgreSQL processes (incl. the board's requests), per 1,000 events", (serverCpu / logEvents) * 1000 * 1000, 'ms'));
    results.push(row('rebuild estimated on 2 cores of its own (events / max(CLI CPU, all CPU / 2))', dedicatedEstimate, 'events/s', GOAL_EVENTS_PER_SECOND));
    const steady = rssSamples.slice(Math.floor(rssSamples.length / 10));
    results.push(row('CLI peak RSS (VmHWM)', peakMb, 'MB'));
    results.push(row('CLI RSS after the first tenth of the rebuild, min … max', Math.min(...steady), 'MB', Math.max(...steady)));
    // What the rebuild holds, garbage left out: its pages and its held subjects (bounded by REBUILD_MAX_UNWRITTEN).
    results.push(row(`CLI heap held after a full collection, the most (${heldAfterFullGc.length} collections, V8's --trace-gc)`, Math.max(0, ...heldAfterFullGc), 'MB', peakMb));
    const early = [...stdout.matchAll(/^Rebuilt \S+: .* (\d+) of them early/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    results.push(row("holding projections' commits made early (their unwritten rows at the bound), in all", early, 'commits'));
    if (VERIFY) {
      results.push(row(`GET /deadlines (county supervisor) before the rebuild, p50 (${before.length} requests)`, percentile(before, 50), 'ms'));
      results.push(row('GET /deadlines (county supervisor) before the rebuild, p99', percentile(before, 99), 'ms'));
    }
    results.push(row(`GET /deadlines (county supervisor) during the rebuild, p50 (${during.length} requests)`, percentile(during, 50), 'ms', VERIFY ? percentile(before, 50) : null));
    results.push(row('GET /deadlines (county supervisor) during the rebuild, p99 (goal < 50)', percentile(during, 99), 'ms', VERIFY ? percentile(before, 99) : null));
    results.push(row('GET /deadlines (county supervisor) during the rebuild, failed requests', failures.length, 'requests'));
    if (failures.length > 0) log(`board failures during the rebuild: ${[...new Set(failures)].slice(0, 3).join(' | ')}`);
    if (COUNTIES < 100) {
      const times = round(100 / COUNTIES);
      results.push(row(`province decade (${times}× this log) at the measured wall-clock rate, extrapolated`, (logEvents * times) / rebuildRate / 60, 'min'));
      results.push(row(`province decade (${times}× this log) at the pass's rate, the start once, extrapolated`, (rebuildSeconds - passSeconds + passSeconds * times) / 60, 'min'));
      results.push(row(`province decade (${times}× this log) at the 2-dedicated-core estimate, extrapolated`, (logEvents * times) / dedicatedEstimate / 60, 'min'));
    } else {
      results.push(row('province decade rebuild', rebuildSeconds / 60, 'min'));
    }

    // ------------------------------------------------------------ report
    const header = '| measure | value | unit | baseline | ratio |\n|---|---:|---|---:|---:|';
    const table = [header, ...results.map((r) => `| ${r.name} | ${r.value.toLocaleString('en-US')} | ${r.unit} | ${r.baseline === null ? '—' : r.baseline.toLocaleString('en-US')} | ${r.ratio === null ? '—' : r.ratio} |`)].join('\n');
    process.stdout.write(`${table}\n`);
    const out = resolve(SCALE === 'county' ? 'bench/results/province.json' : `bench/results/province-${SCALE}.json`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(
      out,
      JSON.stringify({ scale: SCALE, counties: COUNTIES, logOrder: TIME_ORDER ? 'time' : 'grouped', organisations, years: YEARS.length, eventsGenerated: sink.total, eventsInLog: logEvents, cpus: cpus().length, postgres: db.serverVersion, at: new Date().toISOString(), perProjection, results }, null, 2),
    );
    await writeDocSection(
      `province-${SCALE}`,
      `## The province on one machine, ${SCALE} scale (\`npm run bench:province\`${SCALE === 'province' ? ', `BENCH_SCALE=province`' : SCALE === 'county' ? '' : `, \`BENCH_COUNTIES=${COUNTIES}\``})\n\n` +
        `${COUNTIES} ${COUNTIES === 1 ? 'county' : 'counties'} × ${TOWNSHIPS} townships × ${VILLAGES} villages (${organisations.toLocaleString('en-US')} organisations), ten years (${YEARS[0]}–${lastYear}): ` +
        `${sink.total.toLocaleString('en-US')} events decided by the real deciders (${perOrgYear.toFixed(0)} per organisation and year: reports opened, drafted, submitted, returned, accepted; ` +
        `notices issued, acknowledged, progressed, items rectified, rejected, verified, closed; responsibility letters signed, progressed, fulfilled, inspected; assessments; ` +
        `the ladder's reminders, missed deadlines, warnings and escalations with their proposed conversations; inbox reads; published rankings), ${logEvents.toLocaleString('en-US')} in the log with the tree. ` +
        (TIME_ORDER
          ? `The log is in the order the events occurred, as a running system appends them (a subject's events spread over its months among everyone else's; \`BENCH_LOG_ORDER=grouped\`: each subject's stream whole, one after another, as generated). `
          : `The log is as generated (\`BENCH_LOG_ORDER=grouped\`): each subject's stream whole, one after another, so each subject is met on one page of the rebuild; a running system's log spreads it over many. `) +
        `The rebuild is \`projections:rebuild --all\` in a child process; "events/s" is the log's events over the wall time of the whole rebuild, ` +
        `against a raw ordered read of the same log (pages of 1,000, every column) in the same run; per projection, the events of its categories over its own time. ` +
        (VERIFY
          ? `Before the rebuild every read model is caught up by live runners (pages of ${CATCH_UP_BATCH.toLocaleString('en-US')}) and the rebuilt tables are compared with them. `
          : 'The read models are not caught up before the rebuild nor compared after it (`BENCH_VERIFY=0`: the rebuild starts from empty tables; the comparison is made at smaller scales). ') +
        `The board is asked over HTTP (the whole application, read-your-writes wait on)${VERIFY ? ' one request after another before the rebuild, and' : ''} during it ` +
        `${BOARD_INTERVAL_MS > 0 ? `a request every ${BOARD_INTERVAL_MS} ms, as users would (\`BENCH_BOARD_INTERVAL_MS\`; 0: one after another)` : 'one request after another (`BENCH_BOARD_INTERVAL_MS=0`)'}. ` +
        `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (load average ${loadAtStart.toFixed(1)} when the bench began), PostgreSQL ${db.serverVersion}.\n\n${table}`,
    );
  } finally {
    await app.close().catch(() => undefined);
    await db.dispose().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:province] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

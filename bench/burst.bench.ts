/*
 * The burst users live through (issue 15.1, see docs/benchmarks.md): the end of a quarter in a
 * province, 100 counties × 400 reporting organisations, every report due at the same second.
 * The real worker and API run as processes (dist/apps/worker, dist/apps/api) on a fresh database
 * and a private redis-server; the bench opens the obligations through the report decider and
 * watches the ladder fire: lateness of every reminder and missed-deadline step, exactly-once by
 * counting the ladder events per deadline in the store, and the county supervisor's board over
 * HTTP while it runs. Three variants: steady, FLUSHDB at the due second, SIGKILL of the worker
 * mid-burst. Progress to stderr, the table to stdout, figures to bench/results/burst.json.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { newId, SYSTEM_ACTOR, type EventMetadata, type NewEvent } from '@app/kernel';
import { PostgresEventStore } from '@app/event-store';
import { ensureLocalRedis, type LocalRedis } from '@app/platform';
import { organizationDecider, organizationStream, type OrgKind } from '@app/access';
import { reportDecider, reportStream } from '@app/reporting';
import { LADDER_QUEUE } from '@app/escalation';
import { benchHttp } from './support/bench-api.js';
import { openBenchDatabase, type BenchDatabase } from './support/database.js';
import { cpuSeconds, cpuSnapshot, formatTable, result, writeDocSection, type Result } from './support/measure.js';
import { freePort, runNode, WORKER_NODE_FLAGS, type RunningProcess } from './support/process.js';
import { appendInChunks } from './support/seed.js';

const COUNTIES = Number(process.env.BENCH_COUNTIES ?? 100);
const TOWNSHIPS = 20;
const VILLAGES_PER_TOWNSHIP = 19; // 20 townships + 380 villages: 400 reporting organisations per county
const DEADLINES = COUNTIES * TOWNSHIPS * (1 + VILLAGES_PER_TOWNSHIP);
/** One day of the default policy lasts this many seconds in the bench (the ladder's shape is kept). */
const DAY_S = Number(process.env.BENCH_DAY_SECONDS ?? 30);
/** Time between appending the obligations and their first reminder: room for seeding and scheduling. */
const SETUP_S = Number(process.env.BENCH_SETUP_SECONDS ?? 240);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'steady,flush,kill').split(',').map((v) => v.trim()) as Variant[];
/** Pause between two board requests of the sampling client. */
const BOARD_GAP_MS = Number(process.env.BENCH_BOARD_GAP_MS ?? 50);
const GOAL_LATENESS_MS = 60_000;
const GOAL_BOARD_P99_MS = 50;
const ADMIN = { username: 'admin', password: 'bench-admin-1' };
const SUPERVISOR = { username: 'c001-sup', password: 'bench-pass-1' };
const JWT_SECRET = 'bench-burst-secret-0123456789abcdef0123456789';

type Variant = 'steady' | 'flush' | 'kill';
const log = (message: string) => process.stderr.write(`[bench:burst ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const iso = (seconds: number) => `PT${seconds}S`;

/** The default policy (DESIGN §5: P7D, P3D, P1D before; P3D and P7D after) with a day of DAY_S seconds. */
const POLICY = { remindBefore: [iso(7 * DAY_S), iso(3 * DAY_S), iso(DAY_S)], yellowWithin: iso(3 * DAY_S), warnAfter: iso(3 * DAY_S), escalateAfter: iso(7 * DAY_S) };
const REMINDER_OFFSETS_MS = [7 * DAY_S * 1000, 3 * DAY_S * 1000, DAY_S * 1000];
/** Per deadline: the three reminders and the missed deadline. */
const STEPS_PER_DEADLINE = REMINDER_OFFSETS_MS.length + 1;
/** Jobs the scheduler plans per deadline: every step of the ladder. */
const JOBS_PER_DEADLINE = STEPS_PER_DEADLINE + 2;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const county = (c: number) => `c${pad(c, 3)}`;
const township = (c: number, t: number) => `${county(c)}-t${pad(t, 2)}`;
const village = (c: number, t: number, v: number) => `${township(c, t)}-v${pad(v, 2)}`;

const metadata: EventMetadata = { actorId: 'system', actorOrgId: county(1), actorRoles: ['admin'], correlationId: 'bench-burst', causationId: null };
const toNew = (event: { type: string; data: unknown }, now: Date): NewEvent => ({ eventId: newId(), type: event.type, schemaVersion: 1, data: event.data, metadata, occurredAt: now });

/** The province's organisations through the organisation decider, parents first. */
async function seedOrganisations(store: PostgresEventStore): Promise<number> {
  const now = new Date();
  const register = (id: string, kind: OrgKind, parentId: string | null, parentKind: OrgKind | null) => {
    const events = organizationDecider.decide(
      { type: 'RegisterOrganization', id, name: `${id} 党组织`, kind, parentId, parent: parentKind ? { kind: parentKind, merged: false } : null, now },
      organizationDecider.initialState(),
    );
    return { streamId: organizationStream(id), events: events.map((e) => toNew(e, now)), expected: 'no_stream' as const };
  };
  const levels: Array<ReturnType<typeof register>[]> = [[], [], []];
  for (let c = 1; c <= COUNTIES; c++) {
    levels[0]!.push(register(county(c), 'county', null, null));
    for (let t = 1; t <= TOWNSHIPS; t++) {
      levels[1]!.push(register(township(c, t), 'township', county(c), 'county'));
      for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) levels[2]!.push(register(village(c, t, v), 'village', township(c, t), 'township'));
    }
  }
  for (const level of levels) await appendInChunks(store, level);
  return levels.reduce((n, level) => n + level.length, 0);
}

/** Every township's quarterly and every village's half-yearly report obligation, all due at `dueAt`, through the report decider. */
async function seedObligations(store: PostgresEventStore, dueAt: Date): Promise<void> {
  const now = new Date();
  const actor = SYSTEM_ACTOR;
  const open = (orgId: string, supervisorOrgId: string, period: string) => {
    const events = reportDecider.decide({ type: 'OpenReportingObligation', orgId, supervisorOrgId, period, dueAt, now, actor }, reportDecider.initialState());
    return { streamId: reportStream(orgId, period), events: events.map((e) => toNew(e, now)), expected: 'no_stream' as const };
  };
  const requests: Array<ReturnType<typeof open>> = [];
  for (let c = 1; c <= COUNTIES; c++) {
    for (let t = 1; t <= TOWNSHIPS; t++) {
      requests.push(open(township(c, t), county(c), '2026-Q4'));
      for (let v = 1; v <= VILLAGES_PER_TOWNSHIP; v++) requests.push(open(village(c, t, v), township(c, t), '2026-H2'));
    }
  }
  await appendInChunks(store, requests);
}

interface BoardSample { at: number; ms: number }

/**
 * One request after another (BOARD_GAP_MS apart) until stopped: the latency of each that answered,
 * and what went wrong with the others (a probe throws to say it failed).
 */
function sampleLoop(probe: () => Promise<unknown>): { stop: () => Promise<{ samples: BoardSample[]; failures: string[] }> } {
  const samples: BoardSample[] = [];
  const failures: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        await probe();
        samples.push({ at: Date.now(), ms: performance.now() - started });
      } catch (error) {
        failures.push(`${new Date().toISOString()} ${(error as Error).message}`);
      }
      await sleep(BOARD_GAP_MS);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { samples, failures };
    },
  };
}

/** The county supervisor's board. */
function sampleBoard(base: string, token: string) {
  return sampleLoop(async () => {
    const response = await fetch(`${base}/deadlines`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${response.status} ${body.slice(0, 200)}`);
  });
}

/** Nanoseconds a process's threads ran and waited on a run queue (/proc/<pid>/task/<tid>/schedstat). */
async function schedstat(pid: number | undefined): Promise<{ runNs: number; waitNs: number }> {
  const total = { runNs: 0, waitNs: 0 };
  if (!pid) return total;
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const tid of tasks) {
    const [run, wait] = (await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0 0')).split(' ').map(Number);
    total.runNs += run ?? 0;
    total.waitNs += wait ?? 0;
  }
  return total;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) {
      log(`gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`);
      return false;
    }
    await sleep(everyMs);
  }
}

interface StepFigures { step: string; fired: number; p50: number; p99: number; max: number; dueAt: number; lastAt: number }
interface VariantFigures {
  variant: Variant;
  schedulingSeconds: number;
  seedingSeconds: number;
  steps: StepFigures[];
  lateness: { p50: number; p99: number; max: number; fired: number };
  exactlyOnce: { expected: number; distinct: number; once: number; repeated: number; missing: number };
  board: { inBurst: number; p50: number; p99: number; all: number; allP99: number };
  cpu: Record<string, number>;
  jobTimes: { sampled: number; pickupP50: number; pickupP99: number; processingP50: number; processingP99: number };
  loadAverage: { before: number; after: number };
  windowSeconds: number;
  event: string;
  complete: boolean;
}

async function runVariant(variant: Variant): Promise<VariantFigures> {
  log(`=== variant ${variant}: ${DEADLINES.toLocaleString('en-US')} report deadlines due at the same second`);
  let db: BenchDatabase | undefined;
  let redis: LocalRedis | undefined;
  let redisDir: string | undefined;
  let worker: RunningProcess | undefined;
  let api: RunningProcess | undefined;
  let store: PostgresEventStore | undefined;
  const connection: { redis?: Redis; queue?: Queue } = {};
  try {
    db = await openBenchDatabase(8, log);
    // A private Redis per variant: the flush variant empties it, and the shared 6379 is other people's.
    redisDir = await mkdtemp(join(tmpdir(), 'bench-burst-redis-'));
    redis = (await ensureLocalRedis({ PATH: process.env.PATH, DATA_DIR: redisDir, LOCAL_REDIS_PROBE_URL: `redis://127.0.0.1:${await freePort()}`, LOCAL_REDIS_PORT: String(await freePort()) }, log)) ?? undefined;
    if (!redis) throw new Error('no private redis-server could be started');
    connection.redis = new Redis(redis.url, { maxRetriesPerRequest: null });
    const prefix = '{burst}';
    connection.queue = new Queue(LADDER_QUEUE, { connection: connection.redis, prefix });
    const queue = connection.queue;
    // Announces its appends (NOTIFY) as the API's store does: the worker's subscriptions wake at once.
    store = await PostgresEventStore.create(db.pool);

    const seedStarted = Date.now();
    const orgs = await seedOrganisations(store);
    log(`${orgs.toLocaleString('en-US')} organisations appended in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    const env: Record<string, string> = {
      NODE_ENV: 'production',
      JWT_SECRET,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      ESCALATION_POLICY: JSON.stringify({ report: POLICY }),
      BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
      BOOTSTRAP_ORG_ID: county(1),
    };
    let workerPort = 0;
    const workerEnv = async () => ({ ...env, LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'warn', WORKER_PORT: String((workerPort = await freePort())) });
    // The worker with the node flags `npm run start:worker` gives it (WORKER_NODE_FLAGS, package.json),
    // plus BENCH_WORKER_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=<dir>`); BENCH_API_NODE_FLAGS for the API.
    const flags = (text: string | undefined) => (text ?? '').split(' ').filter(Boolean);
    const workerFlags = [...WORKER_NODE_FLAGS, ...flags(process.env.BENCH_WORKER_NODE_FLAGS)];
    worker = runNode('dist/apps/worker/src/main.js', await workerEnv(), undefined, workerFlags);
    await worker.waitForOutput(/Worker running/, 120_000);
    api = runNode('dist/apps/api/src/main.js', { ...env, PORT: String(await freePort()) }, undefined, flags(process.env.BENCH_API_NODE_FLAGS));
    await api.waitForOutput(/API ready at/, 120_000);
    const base = /API ready at (http:\/\/\S+\/api\/v1)/.exec(api.output())![1]!;
    const count = async (sql: string, params: unknown[] = []) => (await db!.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
    await waitUntil('the organisations in the read model', async () => (await count('select count(*)::int as n from read.organizations').catch(() => 0)) >= orgs, 300_000);
    const { http, login } = benchHttp(base);
    const adminToken = await login(ADMIN.username, ADMIN.password);
    await http('POST', 'users', adminToken, { ...SUPERVISOR, orgId: county(1), roles: ['supervisor'] });
    const token = await login(SUPERVISOR.username, SUPERVISOR.password);

    // The due second: far enough ahead for seeding and scheduling, then the first reminder.
    const dueAt = new Date(Math.ceil((Date.now() + (SETUP_S + 7 * DAY_S) * 1000) / 1000) * 1000);
    const firstStep = dueAt.getTime() - 7 * DAY_S * 1000;
    const obligationsStarted = Date.now();
    await seedObligations(store, dueAt);
    const seedingSeconds = (Date.now() - obligationsStarted) / 1000;
    const seededAt = Date.now();
    log(`${DEADLINES.toLocaleString('en-US')} obligations appended in ${seedingSeconds.toFixed(1)} s; due at ${dueAt.toISOString()}, first reminders in ${((firstStep - Date.now()) / 1000).toFixed(0)} s`);
    // Where the seeding ended in the log's order: the ladder's events are counted from here.
    const { rows: seedTail } = await db.pool.query<{ txn: string; pos: string }>(
      'select transaction_id::text as txn, global_position::text as pos from es.events order by transaction_id desc, global_position desc limit 1',
    );

    // The scheduler reactor (in the worker) plans every step of every deadline as a delayed job.
    const expectedJobs = DEADLINES * JOBS_PER_DEADLINE;
    let lastLogged = 0;
    await waitUntil('every job to be scheduled', async () => {
      const c = await queue.getJobCounts('delayed', 'waiting', 'active', 'completed', 'failed', 'prioritized');
      const jobs = Object.values(c).reduce((a, b) => a + b, 0);
      if (Date.now() - lastLogged > 5_000) {
        lastLogged = Date.now();
        log(`scheduling: ${jobs.toLocaleString('en-US')} of ${expectedJobs.toLocaleString('en-US')} jobs in Redis`);
      }
      return jobs >= expectedJobs;
    }, firstStep - Date.now() + 30_000, 250);
    const schedulingSeconds = (Date.now() - seededAt) / 1000;
    log(`${expectedJobs.toLocaleString('en-US')} ladder jobs scheduled ${schedulingSeconds.toFixed(1)} s after the obligations were appended`);
    await waitUntil('the deadlines on the board', async () => (await count(`select count(*)::int as n from read.deadlines where kind = 'report' and status = 'open'`)) >= DEADLINES, Math.max(5_000, firstStep - Date.now()));
    if (Date.now() > firstStep) log(`WARNING: setup overran the first reminders by ${((Date.now() - firstStep) / 1000).toFixed(1)} s (BENCH_SETUP_SECONDS)`);
    await db.pool.query('vacuum (analyze) es.events');

    await sleep(firstStep - 2_000 - Date.now());
    const pids = () => ({ worker: worker!.child.pid, api: api!.child.pid });
    const snapshot = () => cpuSnapshot(() => connection.redis!.info('cpu'), pids(), db!.name);
    const cpuBefore = await snapshot();
    const windowStart = Date.now();
    const loadBefore = loadavg()[0]!;
    const board = sampleBoard(base, token);
    const probes = process.env.BENCH_PROBES
      ? {
          health: sampleLoop(async () => (await fetch(`${base}/health/live`)).text()),
          sql: sampleLoop(() => db!.pool.query(`select stream_id, due_at from read.deadlines d where d.status = 'open' and d.target_path is not null and d.target_path[1] = 'c001' order by d.due_at, d.stream_id limit 100`)),
          apiSched: await schedstat(api!.child.pid),
        }
      : undefined;
    // Counted from where the last count stopped, in the log's order (transaction, position) and only
    // up to the oldest transaction still running (a later commit cannot land behind the cursor): a
    // count of the whole burst every second was itself a scan of up to 160,000 events competing for
    // the cores it measures.
    const counted = { reminders: 0, missed: 0, txn: seedTail[0]!.txn, pos: seedTail[0]!.pos };
    const fired = async () => {
      const { rows } = await db!.pool.query<{ reminders: number; missed: number; txn: string | null; pos: string | null }>(
        `with counted as (
           select type, transaction_id, global_position from es.events
            where (transaction_id, global_position) > ($1::text::xid8, $2::bigint) and transaction_id < pg_snapshot_xmin(pg_current_snapshot()))
         select count(*) filter (where type = 'ReminderSent')::int as reminders, count(*) filter (where type = 'DeadlineMissed')::int as missed,
                (select transaction_id::text from counted order by transaction_id desc, global_position desc limit 1) as txn,
                (select global_position::text from counted order by transaction_id desc, global_position desc limit 1) as pos
           from counted`,
        [counted.txn, counted.pos],
      );
      counted.reminders += rows[0]!.reminders;
      counted.missed += rows[0]!.missed;
      if (rows[0]!.txn && rows[0]!.pos) Object.assign(counted, { txn: rows[0]!.txn, pos: rows[0]!.pos });
      return { reminders: counted.reminders, missed: counted.missed };
    };
    let event = 'none';
    let cpuKilled: Record<string, number> | undefined;
    if (variant === 'flush') {
      await sleep(dueAt.getTime() - Date.now());
      await connection.redis.flushdb();
      event = `FLUSHDB at ${new Date().toISOString().slice(11, 23)} (due ${dueAt.toISOString().slice(11, 19)})`;
      log(event);
    }
    if (variant === 'kill') {
      await sleep(dueAt.getTime() - Date.now());
      await waitUntil('a third of the missed steps', async () => (await fired()).missed >= DEADLINES / 3, 240_000, 100);
      const before = (await fired()).missed;
      const active = (await queue.getJobCounts('active')).active;
      // Its CPU up to the kill: the process (and its /proc entry) is gone afterwards.
      cpuKilled = cpuSeconds(cpuBefore, await snapshot());
      worker.child.kill('SIGKILL');
      await worker.exited;
      const killedAt = Date.now();
      worker = runNode('dist/apps/worker/src/main.js', await workerEnv(), undefined, workerFlags);
      await worker.waitForOutput(/Worker running/, 120_000);
      event = `SIGKILL of the worker ${((killedAt - dueAt.getTime()) / 1000).toFixed(1)} s after the due time with ${before.toLocaleString('en-US')} of ${DEADLINES.toLocaleString('en-US')} missed steps appended and ${active} jobs in hand; restarted and ready ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`;
      log(event);
    }
    const giveUpAt = dueAt.getTime() + 300_000;
    // A reminder fired so late that the next one (or the due time) had come is superseded by design
    // and never fires: once every missed step is in, the count of reminders is final.
    let missedDoneAt = 0;
    let complete = await waitUntil('every reminder and missed step', async () => {
      const f = await fired();
      if (Date.now() % 5_000 < 1_000) log(`fired: ${f.reminders.toLocaleString('en-US')} reminders, ${f.missed.toLocaleString('en-US')} missed`);
      if (f.missed >= DEADLINES && !missedDoneAt) missedDoneAt = Date.now();
      return f.missed >= DEADLINES && (f.reminders >= DEADLINES * REMINDER_OFFSETS_MS.length || Date.now() > missedDoneAt + 3_000);
    }, giveUpAt - Date.now(), 1_000);
    // Jobs still in hand or waiting (a stalled job of the killed worker re-run later) must append nothing more.
    if (complete) {
      await waitUntil('no reminder or missed job left to run', async () => {
        const c = await queue.getJobCounts('active', 'waiting');
        return (c.active ?? 0) + (c.waiting ?? 0) === 0 || Date.now() > dueAt.getTime() + 3 * DAY_S * 1000 - 2_000;
      }, 90_000, 500);
    }
    // Where the lateness comes from, on a sample of the finished missed-step jobs: BullMQ handing
    // the job out after it fell due (pick-up), or the worker's read, decide and append (processing).
    const finished = (await queue.getJobs(['completed'], 0, 9_999)).filter((j) => j.data.step === 'missed' && j.returnvalue === 'appended' && j.processedOn && j.finishedOn);
    // After the flush the reconciler added the jobs again: their pick-up counts from the due time all the same.
    const pickup = finished.map((j) => j.processedOn! - dueAt.getTime());
    const processing = finished.map((j) => j.finishedOn! - j.processedOn!);
    const jobTimes = { sampled: finished.length, pickupP50: percentile(pickup, 50), pickupP99: percentile(pickup, 99), processingP50: percentile(processing, 50), processingP99: percentile(processing, 99) };
    log(`${variant}: ${finished.length} missed-step jobs sampled: pick-up after due p50 ${Math.round(jobTimes.pickupP50)} ms, p99 ${Math.round(jobTimes.pickupP99)} ms; processing p50 ${Math.round(jobTimes.processingP50)} ms, p99 ${Math.round(jobTimes.processingP99)} ms`);
    const { samples, failures } = await board.stop();
    // Diagnostics (BENCH_PROBES=1): what else answers slowly while the board does, to tell the API's share from the server's.
    const probeSamples = probes ? { health: (await probes.health.stop()).samples, sql: (await probes.sql.stop()).samples, apiSched: await schedstat(api!.child.pid) } : undefined;
    if (failures.length > 0) log(`${variant}: ${failures.length} board requests failed, the first: ${failures[0]}\nAPI output:\n${api.output().slice(-2000)}`);
    const cpuAfter = await snapshot();
    const windowSeconds = (Date.now() - windowStart) / 1000;
    const cpu = cpuSeconds(cpuBefore, cpuAfter);
    if (cpuKilled) cpu['worker'] = (cpu['worker'] ?? 0) + (cpuKilled['worker'] ?? 0);

    // Lateness: the event's recorded time minus its step's due time (reminders: due − offset).
    const lateness = `extract(epoch from recorded_at - ((data->>'dueAt')::timestamptz - make_interval(secs => coalesce((data->>'remindBeforeMs')::float8, 0) / 1000))) * 1000`;
    const { rows: perStep } = await db.pool.query<{ step: string; fired: number; p50: number; p99: number; max: number; due_at: Date; last_at: Date }>(
      `select case when type = 'ReminderSent' then 'reminder ' || (data->>'remindBeforeMs') || ' ms before' else 'missed' end as step,
              count(*)::int as fired,
              percentile_cont(0.5) within group (order by ${lateness}) as p50,
              percentile_cont(0.99) within group (order by ${lateness}) as p99,
              max(${lateness}) as max,
              min((data->>'dueAt')::timestamptz - make_interval(secs => coalesce((data->>'remindBeforeMs')::float8, 0) / 1000)) as due_at,
              max(recorded_at) as last_at
         from es.events where type in ('ReminderSent', 'DeadlineMissed') group by 1 order by min(global_position)`,
    );
    const { rows: overall } = await db.pool.query<{ p50: number; p99: number; max: number; fired: number }>(
      `select percentile_cont(0.5) within group (order by l) as p50, percentile_cont(0.99) within group (order by l) as p99, max(l) as max, count(*)::int as fired
         from (select ${lateness} as l from es.events where type in ('ReminderSent', 'DeadlineMissed')) x`,
    );
    // Exactly once: every (deadline, step) once; none twice.
    const { rows: once } = await db.pool.query<{ distinct: number; once: number; repeated: number }>(
      `select count(*)::int as distinct, count(*) filter (where n = 1)::int as once, count(*) filter (where n > 1)::int as repeated
         from (select stream_id, type, data->>'remindBeforeMs' as offset_ms, count(*) as n
                 from es.events where type in ('ReminderSent', 'DeadlineMissed') group by 1, 2, 3) x`,
    );
    const { rows: wrongVersion } = await db.pool.query<{ n: number }>(
      `select count(*)::int as n from es.events where type in ('ReminderSent', 'DeadlineMissed') and (data->>'deadlineVersion')::int <> 1`,
    );
    if (wrongVersion[0]!.n > 0) throw new Error(`${wrongVersion[0]!.n} ladder events for a deadline version other than 1`);
    const expected = DEADLINES * STEPS_PER_DEADLINE;
    const steps: StepFigures[] = perStep.map((r) => ({ step: r.step, fired: r.fired, p50: r.p50, p99: r.p99, max: r.max, dueAt: r.due_at.getTime(), lastAt: r.last_at.getTime() }));
    // The board while steps were firing: from each step's due time to its last event.
    const inBurst = samples.filter((s) => steps.some((st) => s.at >= st.dueAt && s.at <= st.lastAt + 1_000)).map((s) => s.ms);
    const figures: VariantFigures = {
      variant,
      seedingSeconds,
      schedulingSeconds,
      steps,
      lateness: overall[0]!,
      exactlyOnce: { expected, distinct: once[0]!.distinct, once: once[0]!.once, repeated: once[0]!.repeated, missing: expected - once[0]!.distinct },
      board: { inBurst: inBurst.length, p50: percentile(inBurst, 50), p99: percentile(inBurst, 99), all: samples.length, allP99: percentile(samples.map((s) => s.ms), 99) },
      cpu,
      jobTimes,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
      windowSeconds,
      event,
      complete,
    };
    complete &&= figures.exactlyOnce.missing === 0 && figures.exactlyOnce.repeated === 0;
    figures.complete = complete;
    if (process.env.BENCH_VERBOSE) {
      log(`worker output:\n${worker.output().slice(-5000)}`);
      const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text().catch(() => '');
      log(metrics.split('\n').filter((l) => /^(ladder_jobs_total|ladder_batch_size_(sum|count)|projection_lag|ladder_queue_jobs)/.test(l)).join('\n'));
    }
    for (const s of steps) log(`${variant}: ${s.step}: ${s.fired.toLocaleString('en-US')} fired, lateness p50 ${Math.round(s.p50)} ms, p99 ${Math.round(s.p99)} ms, max ${Math.round(s.max)} ms`);
    log(`${variant}: exactly once ${figures.exactlyOnce.once.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} steps, ${figures.exactlyOnce.repeated} repeated, ${figures.exactlyOnce.missing} missing`);
    if (probes && probeSamples) {
      const during = (list: BoardSample[]) => list.filter((s) => steps.some((st) => s.at >= st.dueAt && s.at <= st.lastAt + 1_000)).map((s) => s.ms);
      for (const [name, list] of [['GET /health/live', probeSamples.health], ['raw SQL of the board page', probeSamples.sql]] as const) {
        const d = during(list);
        log(`${variant}: probe ${name} during the bursts p50 ${percentile(d, 50).toFixed(1)} ms, p99 ${percentile(d, 99).toFixed(1)} ms (${d.length})`);
      }
      const requests = samples.length + probeSamples.health.length;
      log(`${variant}: API threads ran ${((probeSamples.apiSched.runNs - probes.apiSched.runNs) / 1e6 / requests).toFixed(2)} ms and waited on a run queue ${((probeSamples.apiSched.waitNs - probes.apiSched.waitNs) / 1e6 / requests).toFixed(2)} ms per request over the window`);
    }
    log(`${variant}: board during the bursts p50 ${figures.board.p50.toFixed(1)} ms, p99 ${figures.board.p99.toFixed(1)} ms (${inBurst.length} requests; ${samples.length} in the whole window, p99 ${figures.board.allP99.toFixed(1)} ms)`);
    log(`${variant}: CPU seconds over the ${windowSeconds.toFixed(0)} s window: ${Object.entries(cpu).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' · ')}`);
    return figures;
  } finally {
    for (const p of [api, worker]) {
      if (p && p.child.exitCode === null) {
        p.child.kill('SIGTERM');
        await Promise.race([p.exited, sleep(15_000)]);
        if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }
    }
    await connection.queue?.close().catch(() => undefined);
    connection.redis?.disconnect();
    await store?.close().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    if (redisDir) await rm(redisDir, { recursive: true, force: true });
    await db?.dispose().catch(() => undefined);
  }
}

function rows(figures: VariantFigures[]): Result[] {
  const results: Result[] = [];
  for (const f of figures) {
    const label = { steady: 'steady', flush: 'FLUSHDB at the due second', kill: 'worker SIGKILLed mid-burst' }[f.variant];
    results.push(result(`${label}: steps fired exactly once (reminders + missed, of ${f.exactlyOnce.expected.toLocaleString('en-US')})`, f.exactlyOnce.once, 'steps', f.exactlyOnce.expected));
    results.push(result(`${label}: steps fired twice or more / never`, f.exactlyOnce.repeated + f.exactlyOnce.missing, 'steps', null));
    results.push(result(`${label}: lateness p50 (all steps)`, f.lateness.p50, 'ms', null));
    results.push(result(`${label}: lateness p99 (all steps)`, f.lateness.p99, 'ms', null));
    results.push(result(`${label}: lateness max (goal < 60,000)`, f.lateness.max, 'ms', GOAL_LATENESS_MS));
    const missed = f.steps.find((s) => s.step === 'missed');
    if (missed) {
      results.push(result(`${label}: missed-deadline step lateness p99`, missed.p99, 'ms', null));
      results.push(result(`${label}: missed-deadline step lateness max`, missed.max, 'ms', GOAL_LATENESS_MS));
    }
    results.push(result(`${label}: board GET /deadlines (county supervisor) p50 during the bursts`, f.board.p50, 'ms', null));
    results.push(result(`${label}: board GET /deadlines (county supervisor) p99 during the bursts (goal < 50)`, f.board.p99, 'ms', GOAL_BOARD_P99_MS));
  }
  return results;
}

async function main(): Promise<void> {
  const figures: VariantFigures[] = [];
  for (const variant of VARIANTS) {
    if (!['steady', 'flush', 'kill'].includes(variant)) throw new Error(`unknown variant "${variant}" (BENCH_VARIANTS: steady, flush, kill)`);
    figures.push(await runVariant(variant));
  }
  const results = rows(figures);
  const table = formatTable(results);
  process.stdout.write(`${table}\n`);
  const failed = figures.filter((f) => !f.complete);
  const full = COUNTIES === 100 && VARIANTS.length === 3;
  if (!full) {
    process.stdout.write('(partial run: results and docs not written)\n');
  } else {
    const out = resolve('bench/results/burst.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ results, variants: figures }, null, 2)}\n`);
    const lines = figures.map((f) => {
      const steps = f.steps.map((s) => `${s.step}: p50 ${Math.round(s.p50)} / p99 ${Math.round(s.p99)} / max ${Math.round(s.max)} ms, burst over ${((s.lastAt - s.dueAt) / 1000).toFixed(1)} s after its due time`).join('; ');
      const cpu = Object.entries(f.cpu).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
      return `- **${f.variant}**${f.event === 'none' ? '' : ` (${f.event})`}: ${steps}. Obligations appended in ${f.seedingSeconds.toFixed(1)} s; every job scheduled ${f.schedulingSeconds.toFixed(1)} s after. Board: ${f.board.inBurst} requests during the bursts, ${f.board.all} in the ${f.windowSeconds.toFixed(0)} s window (p99 ${f.board.allP99.toFixed(1)} ms). CPU seconds in the window: ${cpu}. Missed-step jobs (${f.jobTimes.sampled} sampled): handed out p50 ${Math.round(f.jobTimes.pickupP50)} / p99 ${Math.round(f.jobTimes.pickupP99)} ms after falling due, processed in p50 ${Math.round(f.jobTimes.processingP50)} / p99 ${Math.round(f.jobTimes.processingP99)} ms. Load average (1 min) ${f.loadAverage.before.toFixed(1)} at the first reminders, ${f.loadAverage.after.toFixed(1)} at the end.`;
    });
    await writeDocSection(
      'burst',
      `## The quarter's burst (\`npm run bench:burst\`, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores; the load average of each run is in its line below)\n\n` +
        `${DEADLINES.toLocaleString('en-US')} report deadlines (${COUNTIES} counties × ${TOWNSHIPS} townships × ${1 + VILLAGES_PER_TOWNSHIP} reporting organisations), all due at the same second; ` +
        `the default policy's shape with a day of ${DAY_S} s (reminders ${7 * DAY_S} s, ${3 * DAY_S} s and ${DAY_S} s before, warning ${3 * DAY_S} s and escalation ${7 * DAY_S} s after): ` +
        `${(DEADLINES * STEPS_PER_DEADLINE).toLocaleString('en-US')} reminder and missed-deadline steps in four bursts of ${DEADLINES.toLocaleString('en-US')}. ` +
        `Worker and API as processes (\`dist/apps/worker\`, \`dist/apps/api\`), a private redis-server, a fresh database per variant.\n\n${table}\n\n${lines.join('\n')}`,
    );
    log('wrote bench/results/burst.json and the burst section of docs/benchmarks.md');
  }
  if (failed.length > 0) throw new Error(`goal not met in ${failed.map((f) => f.variant).join(', ')}: see the figures above (steps missing, repeated, or not all fired)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench:burst failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);

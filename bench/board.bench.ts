/*
 * Board and stats benchmark (issue 4): 100,000 notices in the store, read models built by the
 * projections themselves, then GET /deadlines, GET /notices and GET /supervision/stats measured
 * over real HTTP against the whole application, next to raw baselines on the same server:
 * a trivial HTTP route of the same app and plain SQL round trips.
 * Progress to stderr; the table to stdout; figures to bench/results/board.json; a section in
 * docs/benchmarks.md between the board markers.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { localDateOf, newId, type NewEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { createHttpApplication, ProjectionHost } from '@app/platform';
import { noticeDecider, noticeStream, type NoticeCommand, type NoticeEvent, type NoticeState } from '@app/supervision';
import { AppModule } from '../apps/api/src/app.module.js';
import { benchHttp } from './support/bench-api.js';
import { openBenchDatabase } from './support/database.js';
import { writeDocSection } from './support/measure.js';

const NOTICES = Number(process.env.BENCH_NOTICES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Counties of the province phase (the measured county plus copies of its board); 0 skips it. */
const PROVINCE_COUNTIES = Number(process.env.BENCH_PROVINCE_COUNTIES ?? 100);
const WARMUP = 30;
const TOWNSHIPS = 27;
const VILLAGES = 389;
const ADMIN = { username: 'admin', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';
const DAY = 86_400_000;

const log = (message: string) => process.stderr.write(`[bench:board] ${message}\n`);

interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const row = (name: string, value: number, unit: string, baseline: number | null): Row => ({
  name,
  value: round(value),
  unit,
  baseline: baseline === null ? null : round(baseline),
  ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latencies(count: number, work: () => Promise<void>): Promise<{ p50: number; p95: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/** A deterministic pseudo-random sequence, so runs load the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const db = await openBenchDatabase(4, log, { prefix: 'bench_board', dataDir: '.data/bench-board', port: 54331 });

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    // Projections are driven by hand below (catchUp), so the load is measured apart from them.
    RUN_BACKGROUND: 'false',
    LOG_LEVEL: 'error',
    BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    QUEUE_PREFIX: `{bench-board-${Date.now()}}`,
  };
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: false }), env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
  const projections = app.get(ProjectionHost);
  const store = app.get(EventStore);
  const { pool } = db;
  const results: Row[] = [];
  try {
    const { http, login } = benchHttp(base);

    // ------------------------------------------------------------ the tree: a county like 001_*
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const townships = Array.from({ length: TOWNSHIPS }, (_, i) => `twp-${String(i + 1).padStart(2, '0')}`);
    const villages = Array.from({ length: VILLAGES }, (_, i) => ({ id: `vil-${String(i + 1).padStart(3, '0')}`, parent: townships[i % TOWNSHIPS]! }));
    const started = Date.now();
    for (const id of townships) await http('POST', 'organizations', adminToken, { id, name: `${id} 党委`, kind: 'township', parentId: 'county' });
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < villages.length; i += 8) {
          const v = villages[i]!;
          await http('POST', 'organizations', adminToken, { id: v.id, name: `${v.id} 党支部`, kind: 'village', parentId: v.parent });
        }
      }),
    );
    await http('POST', 'users', adminToken, { username: 'county-sup', password: PASSWORD, orgId: 'county', roles: ['supervisor'] });
    await http('POST', 'users', adminToken, { username: 'twp-sup', password: PASSWORD, orgId: 'twp-01', roles: ['supervisor'] });
    await projections.runner('access.organizations').catchUp();
    log(`${1 + TOWNSHIPS + VILLAGES} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------ 100,000 notices through the decider
    const now = new Date();
    const rand = random(42);
    const tz = 'Asia/Shanghai';
    const metadata = (actorId: string, orgId: string) => ({ actorId, actorOrgId: orgId, actorRoles: ['supervisor'], correlationId: newId(), causationId: null });
    /** One notice's events, decided by the real decider from commands at plausible times. */
    const noticeEvents = (i: number): { streamId: string; events: NewEvent[] } => {
      const countyIssued = rand() < 0.3;
      const village = villages[Math.floor(rand() * villages.length)]!;
      const target = countyIssued ? townships[Math.floor(rand() * townships.length)]! : village.id;
      const issuer = countyIssued ? 'county' : village.parent;
      const id = newId();
      const fate = rand();
      // Closed and withdrawn notices over the last ~11 months; open ones issued in the last 60 days.
      const issuedAt = new Date(now.getTime() - (fate < 0.75 ? 30 + rand() * 300 : rand() * 60) * DAY);
      const dueAt = new Date(issuedAt.getTime() + (10 + rand() * 40) * DAY);
      let state: NoticeState = noticeDecider.initialState();
      const events: NewEvent[] = [];
      const run = (command: NoticeCommand, actor: string, org: string) => {
        for (const event of noticeDecider.decide(command, state) as NoticeEvent[]) {
          state = noticeDecider.evolve(state, event);
          events.push({ eventId: newId(), type: event.type, schemaVersion: 1, data: event.data, metadata: metadata(actor, org), occurredAt: command.now });
        }
      };
      const base = { noticeId: id };
      const issuerActor = { userId: `u-${issuer}`, orgId: issuer };
      const targetActor = { userId: `u-${target}`, orgId: target };
      run({ ...base, type: 'IssueNotice', now: issuedAt, actor: issuerActor, targetOrgId: target, title: `督办通知 ${i} 关于${localDateOf(issuedAt, tz)}督查问题限期整改`, basis: '党建工作督查', items: [{ problem: '三会一课记录不全', requiredAction: '补齐会议记录' }, { problem: '党费收缴台账未更新', requiredAction: '更新台账' }], dueAt }, issuerActor.userId, issuer);
      const at = (fraction: number) => new Date(issuedAt.getTime() + (dueAt.getTime() - issuedAt.getTime()) * fraction);
      if (fate < 0.05) {
        run({ ...base, type: 'WithdrawNotice', now: at(0.1), actor: issuerActor, reason: '撤回' }, issuerActor.userId, issuer);
      } else if (fate < 0.75 || rand() < 0.5) {
        run({ ...base, type: 'AcknowledgeNotice', now: at(0.05), actor: targetActor }, targetActor.userId, target);
        if (fate < 0.75) {
          const finish = 0.3 + rand() * 1.0; // some close after the due time: closed late
          run({ ...base, type: 'RectifyItem', now: at(finish * 0.8), actor: targetActor, itemId: '1', evidence: '已补齐' }, targetActor.userId, target);
          run({ ...base, type: 'RectifyItem', now: at(finish * 0.8), actor: targetActor, itemId: '2', evidence: '已更新' }, targetActor.userId, target);
          if (rand() < 0.2) {
            run({ ...base, type: 'RejectItem', now: at(finish * 0.85), actor: issuerActor, itemId: '2', reason: '缺少照片' }, issuerActor.userId, issuer);
            run({ ...base, type: 'RectifyItem', now: at(finish * 0.9), actor: targetActor, itemId: '2', evidence: '照片附后' }, targetActor.userId, target);
          }
          run({ ...base, type: 'VerifyItem', now: at(finish), actor: issuerActor, itemId: '1' }, issuerActor.userId, issuer);
          run({ ...base, type: 'VerifyItem', now: at(finish), actor: issuerActor, itemId: '2' }, issuerActor.userId, issuer);
        }
      }
      return { streamId: noticeStream(id), events };
    };

    const loadStarted = Date.now();
    let appended = 0;
    let events = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (;;) {
          const i = next++;
          if (i >= NOTICES) return;
          const notice = noticeEvents(i);
          await store.append(notice.streamId, notice.events, 'no_stream');
          appended += 1;
          events += notice.events.length;
          if (appended % 10_000 === 0) log(`${appended.toLocaleString('en-US')} notices appended`);
        }
      }),
    );
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(`${NOTICES.toLocaleString('en-US')} notices (${events.toLocaleString('en-US')} events) appended in ${loadSeconds.toFixed(1)} s`);
    for (const projection of ['supervision.notices', 'deadlines']) {
      const t = Date.now();
      const count = await projections.runner(projection).catchUp();
      log(`projection ${projection}: ${count.toLocaleString('en-US')} events in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    await pool.query('analyze');
    const { rows: counts } = await pool.query<{ open: number; all: number }>(
      `select count(*) filter (where status in ('issued', 'in_progress'))::int as open, count(*)::int as all from read.notices`,
    );
    log(`read.notices: ${counts[0]!.all} notices, ${counts[0]!.open} open`);

    // ------------------------------------------------------------ measurements
    const tokens = {
      admin: adminToken,
      county: await login('county-sup', PASSWORD),
      township: await login('twp-sup', PASSWORD),
    };
    const period = localDateOf(now, tz).slice(0, 4);
    const quarter = `${period}-Q${Math.floor((Number(localDateOf(now, tz).slice(5, 7)) - 1) / 3) + 1}`;
    const get = (path: string, token: string) => async () => {
      await http('GET', path, token);
    };
    const sql = (text: string, params: unknown[] = []) => async () => {
      await pool.query(text, params);
    };

    const httpBase = await latencies(REQUESTS, get('health/live', tokens.admin));
    const select1 = await latencies(REQUESTS, sql('select 1'));
    const indexed = await latencies(REQUESTS, sql(`select stream_id, title, due_at from read.deadlines where status = 'open' order by due_at limit 100`));
    const cases: Array<[string, () => Promise<void>]> = [
      ['GET /deadlines (county admin, 100 rows)', get('deadlines', tokens.admin)],
      ['GET /deadlines (county supervisor)', get('deadlines', tokens.county)],
      ['GET /deadlines?light=red (county supervisor)', get('deadlines?light=red', tokens.county)],
      ['GET /deadlines (township supervisor)', get('deadlines', tokens.township)],
      ['GET /notices?status=in_progress (county supervisor)', get('notices?status=in_progress', tokens.county)],
      [`GET /supervision/stats county ${period}`, get(`supervision/stats?supervisorOrgId=county&period=${period}`, tokens.county)],
      [`GET /supervision/stats county ${quarter}`, get(`supervision/stats?supervisorOrgId=county&period=${quarter}`, tokens.county)],
      [`GET /supervision/stats township ${quarter}`, get(`supervision/stats?supervisorOrgId=twp-01&period=${quarter}`, tokens.township)],
    ];
    results.push(row('baseline: GET /health/live (same app) p99', httpBase.p99, 'ms', null));
    results.push(row('baseline: SQL select 1 p99', select1.p99, 'ms', null));
    results.push(row('baseline: SQL indexed select of 100 open deadlines p99', indexed.p99, 'ms', null));
    for (const [label, work] of cases) {
      const measured = await latencies(REQUESTS, work);
      log(`${label}: p50 ${measured.p50.toFixed(2)} ms, p95 ${measured.p95.toFixed(2)} ms, p99 ${measured.p99.toFixed(2)} ms`);
      results.push(row(`${label} p50`, measured.p50, 'ms', httpBase.p50));
      results.push(row(`${label} p95`, measured.p95, 'ms', httpBase.p95));
      results.push(row(`${label} p99`, measured.p99, 'ms', httpBase.p99));
    }
    results.push(row('load: notices appended', NOTICES / loadSeconds, 'notices/s', null));

    // ------------------------------------------------------------ a province: the board among 100 counties
    let provinceOpen = 0;
    if (PROVINCE_COUNTIES > 1) {
      // The board reads only read.organizations and read.deadlines: the other counties are copies
      // of this county's rows (ids prefixed c002-, c003-, ...), written straight into those tables.
      const t = Date.now();
      await pool.query(
        `insert into read.organizations (id, name, kind, parent_id, ancestors, registered_at, revision)
         select p || o.id, o.name, o.kind, case when o.parent_id is null then null else p || o.parent_id end,
                array(select p || a from unnest(o.ancestors) a), o.registered_at, o.revision
           from read.organizations o, (select 'c' || lpad(g::text, 3, '0') || '-' as p from generate_series(2, $1::int) g) c
          where o.id not like 'c%-%'`,
        [PROVINCE_COUNTIES],
      );
      await pool.query(
        `insert into read.deadlines (stream_id, kind, subject_id, title, target_org_id, supervisor_org_id, original_due_at, due_at,
                                     version, status, escalation_level, closed_at, state, target_path)
         select p || d.stream_id, d.kind, d.subject_id, d.title, p || d.target_org_id, p || d.supervisor_org_id, d.original_due_at, d.due_at,
                d.version, d.status, d.escalation_level, d.closed_at, d.state, array(select p || a from unnest(d.target_path) a)
           from read.deadlines d, (select 'c' || lpad(g::text, 3, '0') || '-' as p from generate_series(2, $1::int) g) c
          where d.status = 'open' and d.stream_id not like 'c%-%'`,
        [PROVINCE_COUNTIES],
      );
      await pool.query('vacuum analyze read.organizations, read.deadlines');
      const { rows: open } = await pool.query<{ n: number }>(`select count(*)::int as n from read.deadlines where status = 'open'`);
      provinceOpen = open[0]!.n;
      log(`province: ${PROVINCE_COUNTIES} counties, ${provinceOpen.toLocaleString('en-US')} open deadlines, copied in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const provinceCases: Array<[string, () => Promise<void>]> = [
        [`province of ${PROVINCE_COUNTIES} counties: GET /deadlines (county supervisor)`, get('deadlines', tokens.county)],
        [`province of ${PROVINCE_COUNTIES} counties: GET /deadlines?light=red (county supervisor)`, get('deadlines?light=red', tokens.county)],
        [`province of ${PROVINCE_COUNTIES} counties: GET /deadlines (township supervisor)`, get('deadlines', tokens.township)],
        [`province of ${PROVINCE_COUNTIES} counties: GET /deadlines (admin, all counties)`, get('deadlines', tokens.admin)],
      ];
      for (const [label, work] of provinceCases) {
        const measured = await latencies(REQUESTS, work);
        log(`${label}: p50 ${measured.p50.toFixed(2)} ms, p95 ${measured.p95.toFixed(2)} ms, p99 ${measured.p99.toFixed(2)} ms`);
        results.push(row(`${label} p50`, measured.p50, 'ms', httpBase.p50));
        results.push(row(`${label} p99`, measured.p99, 'ms', httpBase.p99));
      }
    }

    const table = formatTable(results);
    console.log(table);
    const out = resolve('bench/results/board.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(results, null, 2) + '\n');
    await writeDocs(table, {
      notices: counts[0]!.all,
      open: counts[0]!.open,
      events,
      server: `${db.server}, PostgreSQL ${db.serverVersion}`,
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
      requests: REQUESTS,
      provinceOpen,
    });
    log(`wrote ${out} and the board section of docs/benchmarks.md`);
  } finally {
    await app.close();
    await db.dispose();
  }
}

function formatTable(rows: Row[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio'];
  const cells = rows.map((r) => [r.name, r.value.toFixed(2), r.unit, r.baseline === null ? '—' : r.baseline.toFixed(2), r.ratio === null ? '—' : r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function writeDocs(table: string, facts: { notices: number; open: number; events: number; server: string; cpus: string; requests: number; provinceOpen: number }): Promise<void> {
  await writeDocSection(
    'board',
    `## Deadline board and supervision stats (\`npm run bench:board\`)

Run ${new Date().toISOString().slice(0, 10)} on ${facts.server}, ${facts.cpus}. The store holds
${facts.notices.toLocaleString('en-US')} notices (${facts.events.toLocaleString('en-US')} events, ${facts.open.toLocaleString('en-US')} open) in a county of
1 + 27 townships + 389 villages (the size of \`domain/sources/001_*\`); 30 % issued by the county,
70 % by townships to their villages. The events are decided by the notice decider and appended
through the event store; the read models (\`read.notices\`, \`read.notice_stats\`, \`read.deadlines\`)
are built by the projections' own catch-up. Each figure is over ${facts.requests} sequential requests
over real HTTP (loopback, keep-alive) after ${WARMUP} warm-up requests, through the whole
application (JWT guard, validation, scope checks, query). The ratio compares each HTTP figure
with the same percentile of a trivial route of the same application (\`GET /health/live\`).
Goal: p99 < 50 ms.${facts.provinceOpen > 0 ? `

The "province" rows: the same board among ${PROVINCE_COUNTIES} counties, the measured one plus copies of its
organisations and open deadlines written straight into \`read.organizations\` and \`read.deadlines\` (the
only tables the board reads): ${facts.provinceOpen.toLocaleString('en-US')} open deadlines in all.` : ''}

${table}

How it stays fast: the board is one indexed query on \`read.deadlines\` (partial index on open
deadlines by due time; scope as a join on the organisation tree's ancestor array, GIN-indexed);
the light is a condition on the due time against the clock, computed at read time. Stats sum
monthly counters per (issuer, month, target) — a year is at most 12 rows per child — and count
what depends on the clock (overdue now, not yet due) on partial indexes of the open notices.${facts.provinceOpen > 0 ? `

Among ${PROVINCE_COUNTIES} counties the board stays an ordered range scan: each deadline row keeps its
target's path in the tree (\`target_path\`: county, township, village), indexed with the due time at each
depth, so a supervisor's board reads the first hundred rows of its own subtree and sorts nothing. (Before
that path, a county supervisor's board sorted its county's ~25,000 open deadlines per request: p50 32 ms,
p99 42–47 ms among 100 counties.)` : ''}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench:board failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);

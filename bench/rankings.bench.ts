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
import { EventStore } from '@app/event-store';
import { createHttpApplication, ProjectionHost } from '@app/platform';
import { assessmentStream, type AssessmentState } from '@app/assessment';
import { AppModule } from '../apps/api/src/app.module.js';
import { benchHttp, childrenByParent, importTree } from './support/bench-api.js';
import { openBenchDatabase } from './support/database.js';
import { writeDocSection } from './support/measure.js';
import { DAY, decideAssessment, decideNotice, decidePublishedRanking, EventSink, partyOf, random, type Org } from './support/decided-events.js';

const SCALE = process.env.BENCH_SCALE === 'province' ? 'province' : 'county';
const COUNTIES = SCALE === 'province' ? 100 : 1;
const TOWNSHIPS = 20;
const VILLAGES = 20;
const YEARS = Array.from({ length: 10 }, (_, i) => String(2016 + i));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 8;
const ADMIN = { username: 'admin', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';

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

async function main(): Promise<void> {
  const db = await openBenchDatabase(4, log, { prefix: 'bench_rankings', dataDir: '.data/bench-rankings', port: 54332, logPrefix: `scale ${SCALE}: ` });

  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
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
  const { pool } = db;
  const results: Row[] = [];
  try {
    const { http, login } = benchHttp(base);

    // ------------------------------------------------------------ the tree, by CSV import per county
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const treeStarted = Date.now();
    const { counties, orgs } = await importTree(http, adminToken, COUNTIES, TOWNSHIPS, VILLAGES);
    await http('POST', 'users', adminToken, { username: 'county-sup', password: PASSWORD, orgId: 'county', roles: ['supervisor'] });
    await http('POST', 'users', adminToken, { username: 'twp-sup', password: PASSWORD, orgId: 'county-t01', roles: ['supervisor'] });
    await http('POST', 'users', adminToken, { username: 'twp-clerk', password: PASSWORD, orgId: 'county-t05', roles: ['clerk'] });
    await projections.runner('access.organizations').catchUp();
    log(`${counties.length + orgs.length} organisations in ${((Date.now() - treeStarted) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------ ten years of events through the deciders
    const rand = random(7);
    const sink = new EventSink(store);
    const loadStarted = Date.now();
    const children = childrenByParent(orgs);
    for (const period of YEARS) {
      for (const [supervisor, kids] of children) {
        const assessed: Array<{ org: Org; assessment: AssessmentState }> = [];
        for (const kid of kids) {
          // One organisation's year: a notice from its supervisor (closed on time, late or open) and its finalized assessment.
          const issuedAt = new Date(Date.parse(`${period}-01-01T00:00:00+08:00`) + (30 + rand() * 200) * DAY);
          const finishAt = new Date(issuedAt.getTime() + (10 + rand() * 35) * DAY);
          decideNotice(
            { issuer: partyOf(kid.parent), target: partyOf(kid.id), issuedAt, dueAt: new Date(issuedAt.getTime() + 30 * DAY), items: 1, finishAt: rand() < 0.9 ? finishAt : null, title: `${period}年度督查问题限期整改` },
            rand,
          ).pushTo(sink);
          const assessment = decideAssessment(kid, period, rand);
          assessment.pushTo(sink);
          assessed.push({ org: kid, assessment: assessment.state });
          await sink.flush();
        }
        // The published ranking of the supervisor's year (version 1), as the publish handler would decide it.
        const ranking = decidePublishedRanking(supervisor, period, assessed);
        sink.push(ranking.streamId, ranking.events);
        await sink.flush();
      }
      log(`${period}: ${sink.total.toLocaleString('en')} events so far`);
    }
    await sink.flush(true);
    const total = sink.total;
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
        `next to a raw ordered read of the same categories in pages of 1,000. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, PostgreSQL ${db.serverVersion}.\n\n${table}`,
    );
  } finally {
    await app.close().catch(() => undefined);
    await db.dispose().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:rankings] failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

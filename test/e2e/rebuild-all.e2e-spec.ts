import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { resolve } from 'node:path';
import { EventStore } from '@app/event-store';
import { ProjectionHost } from '@app/platform';
import type { AssessmentState } from '@app/assessment';
import { deletePrefixKeys } from '../support/redis.js';
import { seedTree, startTestApp, type TestApp } from '../support/app.js';
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
} from '../../bench/support/decided-events.js';
import { readModelChecksums } from '../../bench/support/read-model-checksums.js';

/*
 * `projections:rebuild --all` (the built CLI, a child process, as an operator runs it): a year of
 * reports, notices (items rejected and reworked, the ladder's reminders and levels), responsibility
 * letters, assessments, inbox reads and a published ranking, applied live by the running
 * projections a few events at a time; then, with the application stopped, every projection rebuilt
 * in pages of 1,000 must give exactly the same rows in every read table.
 */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; nice: number | undefined }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('dist/apps/cli/src/rebuild-projection.js'), ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // The priority it runs at, as the operating system sees it (the largest seen: it lowers its own at start).
    let nice: number | undefined;
    const watch = setInterval(() => {
      try {
        nice = Math.max(nice ?? -20, getPriority(child.pid!));
      } catch {
        // exited between two looks
      }
    }, 50);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearInterval(watch);
      done({ code: code ?? 1, stdout, stderr, nice });
    });
  });
}

describe('projections:rebuild --all (the CLI)', () => {
  let app: TestApp | undefined;

  afterAll(async () => {
    // The application was stopped in the test; close() also drops the database and the queue keys.
    await app?.close().catch(() => app?.database.drop());
  });

  it('refuses while the runners hold their locks, then rebuilds every read model to exactly what the live runners made', async () => {
    app = await startTestApp();
    await seedTree(app, [['twp-a', 'township', 'county'], ['vil-a1', 'village', 'twp-a'], ['vil-a2', 'village', 'twp-a']], {}, 'rebuild');
    const store = app.app.get(EventStore);
    const orgs: Org[] = [
      { id: 'twp-a', parent: 'county', kind: 'township' },
      { id: 'vil-a1', parent: 'twp-a', kind: 'village' },
      { id: 'vil-a2', parent: 'twp-a', kind: 'village' },
    ];
    const rand = random(3);
    // Small appends, so the live runners apply the log in many small batches.
    const sink = new EventSink(store, 1);
    const assessed: Array<{ org: Org; assessment: AssessmentState }> = [];
    for (const org of orgs) {
      for (const period of org.kind === 'township' ? ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] : ['2025-H1', '2025-H2']) {
        const report = decideReport(org, period, rand);
        report.pushTo(sink);
        sink.push(inboxStream(org.id), readInboxItems(report, org.id, 0.5, rand), 'any');
        await sink.flush(true);
      }
      for (let n = 0; n < 3; n++) {
        const issuedAt = new Date(Date.parse('2025-01-01T09:00:00+08:00') + (20 + n * 100) * DAY);
        const notice = decideNotice(
          {
            issuer: partyOf(org.parent), target: partyOf(org.id), issuedAt, dueAt: new Date(issuedAt.getTime() + 20 * DAY), items: 3,
            // The second notice is finished late: the ladder fires reminders, the miss and a warning on it.
            finishAt: new Date(issuedAt.getTime() + (n === 1 ? 30 : 8) * DAY), notes: 2, rejectRate: 0.5, title: `2025年第${n + 1}批督查问题`, ladder: true,
          },
          rand,
        );
        notice.pushTo(sink);
        sink.push(inboxStream(org.id), readInboxItems(notice, org.id, 0.5, rand), 'any');
        await sink.flush(true);
      }
      decidePledge(org, '2025', rand).pushTo(sink);
      const assessment = decideAssessment(org, '2025', rand);
      assessment.pushTo(sink);
      if (org.parent === 'twp-a') assessed.push({ org, assessment: assessment.state });
      await sink.flush(true);
    }
    const ranking = decidePublishedRanking('twp-a', '2025', assessed);
    sink.push(ranking.streamId, ranking.events);
    await sink.flush(true);
    // Twice: the ranking's consequences (a reactor) append events the projections then apply.
    await app.settle();
    await app.settle();

    const url = app.database.url;
    const prefix = `{rb${Math.random().toString(36).slice(2, 8)}}`;
    const env = { DATABASE_URL: url, NODE_ENV: 'test', QUEUE_PREFIX: prefix };
    try {
      // While the application runs, its runners hold the locks: the command says so and changes nothing.
      const refused = await runCli(['deadlines'], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr + refused.stdout).toContain('advisory lock is held');

      const names = app.app.get(ProjectionHost).projectionNames();
      await app.app.close();
      const live = await readModelChecksums(app.database.pool);
      expect(Number(live.timeline!.split(' ')[0])).toBeGreaterThan(100);
      expect(Number(live.inbox!.split(' ')[0])).toBeGreaterThan(5);

      const rebuilt = await runCli(['--all'], env);
      expect(rebuilt.stderr).not.toContain('Error');
      expect(rebuilt.code).toBe(0);
      // It yields the CPU to the API's requests (nice 10 unless --nice says otherwise).
      // (A process not allowed to raise its priority stays at this one's, if lower.)
      expect(rebuilt.nice).toBe(Math.max(10, getPriority()));
      // The tree first: other read models look organisations up in it while they replay.
      expect(rebuilt.stdout.split('\n')[0]).toMatch(/^Rebuilt access\.organizations: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s of its own apply time, its [\d,]+ commits included\)$/);
      for (const name of names) expect(rebuilt.stdout).toMatch(new RegExp(`^Rebuilt ${name.replace('.', '\\.')}: `, 'm'));
      expect(rebuilt.stdout).toContain(`Rebuilt ${names.length} projections in`);
      expect(await readModelChecksums(app.database.pool)).toEqual(live);

      // The default page holds this whole log: again in pages of 100, each subject-row projection committing every
      // third page, so subjects cross pages (held in memory) and flushes (written, let go, read back when met again).
      const paged = await runCli(['--all', '--page-size=100', '--flush-every=3', '--nice=5'], env);
      expect(paged.code).toBe(0);
      expect(paged.nice).toBe(Math.max(5, getPriority()));
      expect(paged.stdout).toContain(`Rebuilt ${names.length} projections in`);
      expect(await readModelChecksums(app.database.pool)).toEqual(live);
      const badPage = await runCli(['--all', '--page-size=ten'], env);
      expect(badPage.code).not.toBe(0);
      expect(badPage.stderr + badPage.stdout).toContain('--page-size=N takes a whole number of events from 100 to 1000000');
      const badFlush = await runCli(['--all', '--flush-every=0'], env);
      expect(badFlush.code).not.toBe(0);
      expect(badFlush.stderr + badFlush.stdout).toContain('--flush-every=N takes a whole number of pages from 1 to 1000');
      const badNice = await runCli(['--all', '--nice=20'], env);
      expect(badNice.code).not.toBe(0);
      expect(badNice.stderr + badNice.stdout).toContain('--nice=N takes a whole number of steps from 0 to 19');

      const unknown = await runCli(['no-such-projection'], env);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr + unknown.stdout).toContain('No projection or reactor named "no-such-projection"');
    } finally {
      await deletePrefixKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    }
  }, 180_000);
});

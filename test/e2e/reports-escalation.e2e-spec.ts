import { jest } from '@jest/globals';
import { EventStore } from '@app/event-store';
import { ReportQueries, reportStream } from '@app/reporting';
import { LadderQueue } from '@app/escalation';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { waitFor, waitForLadderDone } from './escalation-support/helpers.js';
import { settled } from './reports-support.js';

jest.setTimeout(60_000);

/** 催报 with a seconds-long ladder for reports: remind 2 s before, missed at due, warn 2 s after, escalate 4 s after. */
const POLICY = JSON.stringify({ report: { remindBefore: ['PT2S'], yellowWithin: 'PT1S', warnAfter: 'PT2S', escalateAfter: 'PT4S' } });
const Q4_DUE = Date.parse('2027-01-10T15:59:59.999Z');
const PASSWORD = 'correct-horse-1';
const LADDER = ['ReminderSent', 'DeadlineMissed', 'WarningIssued', 'EscalatedToLeadership'];

describe('the escalation ladder on an unsubmitted report (催报), seconds-long policy', () => {
  let app: TestApp;
  let ticker: NodeJS.Timeout | undefined;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ env: { ESCALATION_POLICY: POLICY } });
    const admin = await app.login(ADMIN.username, ADMIN.password);
    for (const id of ['twp-a', 'twp-b']) {
      expect((await app.request('POST', 'organizations', { token: admin, body: { id, name: `${id} 党委`, kind: 'township', parentId: 'county' } })).status).toBe(201);
    }
    for (const [username, orgId, roles] of [
      ['sup-county', 'county', ['supervisor']],
      ['clerk-a', 'twp-a', ['clerk']],
    ] as const) {
      expect((await app.request('POST', 'users', { token: admin, body: { username, password: PASSWORD, orgId, roles } })).status).toBe(201);
      tokens[username] = await app.login(username, PASSWORD);
    }
    await settled(app);
  });
  afterAll(async () => {
    clearInterval(ticker);
    await app?.close();
  });

  const ladderOf = async (orgId: string) =>
    (await app.app.get(EventStore).readStream(reportStream(orgId, '2026-Q4'))).map((e) => e.type).filter((t) => LADDER.includes(t));

  it('urges, marks missed, warns and escalates the township that does not report; nothing for the one that did', async () => {
    // The business clock runs at real speed from 10 s before the Q4 due time, so the BullMQ delays
    // (real time) and the ladder's own reading of the clock agree; 10 s leave a slow machine room
    // to open the period and submit twp-a's report before the reminder (2 s before) is due.
    const offset = Q4_DUE - 10_000 - Date.now();
    app.clock.set(new Date(Date.now() + offset));
    ticker = setInterval(() => app.clock.set(new Date(Date.now() + offset)), 20);

    const opened = await app.request('POST', 'reporting-periods/2026-Q4/open', { token: tokens['sup-county'] });
    expect(opened.body).toEqual({ period: '2026-Q4', opened: 2, alreadyOpen: 0 });
    const as = { token: tokens['clerk-a'] };
    expect((await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as, body: { sections: {}, figures: { meetingsHeld: 3 } } })).status).toBe(200);
    expect((await app.request('POST', 'reports/twp-a/2026-Q4/submit', as)).body).toMatchObject({ status: 'submitted' });

    await waitFor(async () => (await ladderOf('twp-b')).length >= LADDER.length, 40_000, 'the ladder of twp-b to complete', 200);
    // Every job run (the submitted report's skipped): a double would be on the stream by now.
    await waitForLadderDone(app.app.get(LadderQueue).queue, ['twp-a/2026-Q4', 'twp-b/2026-Q4']);
    expect(await ladderOf('twp-b')).toEqual(LADDER);
    expect(await ladderOf('twp-a')).toEqual([]);

    const report = await app.request('GET', 'reports/twp-b/2026-Q4', { token: tokens['sup-county'] });
    expect(report.body).toMatchObject({ status: 'overdue', escalationLevel: 3 });
    expect(report.body.history.map((h: { type: string }) => h.type)).toEqual(['ReportingObligationOpened', ...LADDER]);

    await settled(app);
    const board = await app.request('GET', 'deadlines?kind=report', { token: tokens['sup-county'] });
    expect(board.body).toEqual([expect.objectContaining({ kind: 'report', subjectId: 'twp-b/2026-Q4', orgId: 'twp-b', light: 'red', escalationLevel: 3 })]);

    // The inbox: the opening is a to-do for each township; the supervisor hears of the missed
    // report under the same subject id as the board's row.
    const clerkInbox = await app.request('GET', 'inbox', as);
    expect(clerkInbox.body.items).toEqual([
      expect.objectContaining({ kind: 'todo', eventType: 'ReportingObligationOpened', subjectKind: 'report', subjectId: 'twp-a/2026-Q4' }),
    ]);
    expect(clerkInbox.body.items[0].text).toContain('2026-Q4 党建工作报告');
    const supervisorInbox = await app.request('GET', 'inbox', { token: tokens['sup-county'] });
    expect(supervisorInbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'overdue', eventType: 'DeadlineMissed', subjectKind: 'report', subjectId: 'twp-b/2026-Q4' })]),
    );

    // The rankings' read model: twp-b missed its deadline and is still overdue; twp-a reported on time.
    const timeliness = await app.app.get(ReportQueries).timeliness(['2026-Q4'], null, app.clock.now());
    expect(timeliness).toEqual([
      { orgId: 'twp-a', orgName: 'twp-a 党委', reports: 1, onTime: 1, late: 0, overdue: 0, missed: 0 },
      { orgId: 'twp-b', orgName: 'twp-b 党委', reports: 1, onTime: 0, late: 0, overdue: 1, missed: 1 },
    ]);
  });
});

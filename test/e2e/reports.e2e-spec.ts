import ExcelJS from 'exceljs';
import { ReportingPeriodQueue, ReportingPeriodSchedule } from '@app/reporting';
import { deletePrefixKeys } from '../support/redis.js';
import { ReportQueries } from '@app/reporting';
import { AppModule } from '../../apps/api/src/app.module.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { settled } from './reports-support.js';

/*
 * 党建工作报告制 over HTTP. Tree:
 *
 *   county ─┬─ twp-a ─┬─ vil-a1
 *           │         └─ vil-a2
 *           └─ twp-b ─── vil-b1
 *
 * The clock starts on 2026-11-02 (Q4 runs; Q3 was due 2026-10-10 and is past).
 */
const PASSWORD = 'correct-horse-1';
const Q3_DUE = '2026-10-10T15:59:59.999Z'; // end of 2026-10-10 in Asia/Shanghai
const Q4_DUE = '2027-01-10T15:59:59.999Z';
const H2_DUE = '2027-01-10T15:59:59.999Z';

describe('reports (HTTP, real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let admin: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z' });
    admin = await app.login(ADMIN.username, ADMIN.password);
    for (const [id, name, kind, parentId] of [
      ['twp-a', '甲镇党委', 'township', 'county'],
      ['twp-b', '乙镇党委', 'township', 'county'],
      ['vil-a1', '甲一村党支部', 'village', 'twp-a'],
      ['vil-a2', '甲二村党支部', 'village', 'twp-a'],
      ['vil-b1', '乙一村党支部', 'village', 'twp-b'],
    ]) {
      const created = await app.request('POST', 'organizations', { token: admin, body: { id, name, kind, parentId } });
      expect(created.status).toBe(201);
    }
    for (const [username, orgId, roles] of [
      ['sup-county', 'county', ['supervisor']],
      ['view-county', 'county', ['viewer']],
      ['clerk-a', 'twp-a', ['clerk']],
      ['sup-a', 'twp-a', ['supervisor']],
      ['clerk-b', 'twp-b', ['clerk']],
      ['clerk-a1', 'vil-a1', ['clerk']],
    ] as const) {
      const created = await app.request('POST', 'users', { token: admin, body: { username, password: PASSWORD, orgId, roles } });
      expect(created.status).toBe(201);
      tokens[username] = await app.login(username, PASSWORD);
    }
    await settled(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const as = (user: string) => ({ token: user === 'admin' ? admin : tokens[user]! });
  const draft = { sections: { organisationBuilding: '按期召开支部委员会' }, figures: { membersDeveloped: 2, meetingsHeld: 12, fundsInvested: 1500.5 } };

  it('refuses a bad period (400) and an opening by a clerk (403)', async () => {
    const bad = await app.request('POST', 'reporting-periods/2026-Q5/open', as('sup-county'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await app.request('POST', 'reporting-periods/2026-Q4/open', as('clerk-a'))).status).toBe(403);
  });

  it('opens a period for the supervisor\'s children, and opening twice creates nothing new', async () => {
    const first = await app.request('POST', 'reporting-periods/2026-Q4/open', as('sup-county'));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ period: '2026-Q4', opened: 2, alreadyOpen: 0 });
    const second = await app.request('POST', 'reporting-periods/2026-Q4/open', as('sup-county'));
    expect(second.body).toEqual({ period: '2026-Q4', opened: 0, alreadyOpen: 2 });
    // An admin opens for every organisation owing a quarterly report: the same two townships.
    const byAdmin = await app.request('POST', 'reporting-periods/2026-Q3/open', as('admin'));
    expect(byAdmin.body).toEqual({ period: '2026-Q3', opened: 2, alreadyOpen: 0 });
    const report = await app.request('GET', 'reports/twp-a/2026-Q4', as('clerk-a'));
    expect(report.status).toBe(200);
    expect(report.headers.get('etag')).toBe('"0"');
    expect(report.body).toMatchObject({ orgId: 'twp-a', period: '2026-Q4', supervisorOrgId: 'county', status: 'due', late: false, dueAt: Q4_DUE, content: null, revision: 0 });
  });

  it('drafts, refuses invalid figures with field errors, submits, refuses edits after submission, returns, resubmits, accepts', async () => {
    const invalid = await app.request('PUT', 'reports/twp-a/2026-Q4/draft', {
      ...as('clerk-a'),
      body: { sections: {}, figures: { membersDeveloped: 1.5, householdsVisited: -3 } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['figures.householdsVisited', 'figures.membersDeveloped']);

    const notText = await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-a'), body: { sections: {}, figures: { meetingsHeld: 'twelve' } } });
    expect(notText.status).toBe(400);

    // Only the organisation's own clerk drafts.
    expect((await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('sup-county'), body: draft })).status).toBe(403);
    expect((await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-b'), body: draft })).status).toBe(404);

    const saved = await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-a'), body: draft });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ orgId: 'twp-a', period: '2026-Q4', status: 'draft', revision: 1 });

    const submitted = await app.request('POST', 'reports/twp-a/2026-Q4/submit', as('clerk-a'));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', revision: 2 });

    const edit = await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-a'), body: { ...draft, figures: { membersDeveloped: 3 } } });
    expect(edit.status).toBe(409);

    expect((await app.request('POST', 'reports/twp-a/2026-Q4/return', { ...as('clerk-a'), body: { reasons: ['x'] } })).status).toBe(403);
    expect((await app.request('POST', 'reports/twp-a/2026-Q4/return', { ...as('sup-county'), body: { reasons: [] } })).status).toBe(400);
    const returned = await app.request('POST', 'reports/twp-a/2026-Q4/return', { ...as('sup-county'), body: { reasons: ['三会一课次数与记录不符'] } });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', revision: 3 });

    const reworked = await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-a'), body: { ...draft, figures: { ...draft.figures, meetingsHeld: 10 } } });
    expect(reworked.status).toBe(200);
    expect((await app.request('POST', 'reports/twp-a/2026-Q4/submit', as('clerk-a'))).body).toMatchObject({ status: 'submitted', revision: 5 });
    const accepted = await app.request('POST', 'reports/twp-a/2026-Q4/accept', as('sup-county'));
    expect(accepted.body).toMatchObject({ status: 'accepted', revision: 6 });
    expect((await app.request('PUT', 'reports/twp-a/2026-Q4/draft', { ...as('clerk-a'), body: draft })).status).toBe(409);

    const report = await app.request('GET', 'reports/twp-a/2026-Q4', as('sup-county'));
    expect(report.body).toMatchObject({
      status: 'accepted',
      late: false,
      submittedAt: '2026-11-02T01:00:00.000Z',
      returnReasons: ['三会一课次数与记录不符'],
      content: { figures: { membersDeveloped: 2, meetingsHeld: 10, fundsInvested: 1500.5 } },
      prefill: null,
      revision: 6,
    });
    expect(report.body.history.map((h: { type: string }) => h.type)).toEqual([
      'ReportingObligationOpened',
      'ReportDraftSaved',
      'ReportSubmitted',
      'ReportReturned',
      'ReportDraftSaved',
      'ReportSubmitted',
      'ReportAccepted',
    ]);
    expect(report.body.history[2]).toMatchObject({ actorId: 'clerk-a' });
  });

  it('marks a past period submitted after its due time as late, and an unsubmitted one as overdue', async () => {
    await app.request('PUT', 'reports/twp-a/2026-Q3/draft', { ...as('clerk-a'), body: { sections: {}, figures: { membersDeveloped: 4, householdsVisited: 120 } } });
    const submitted = await app.request('POST', 'reports/twp-a/2026-Q3/submit', as('clerk-a'));
    expect(submitted.status).toBe(200);
    const report = await app.request('GET', 'reports/twp-a/2026-Q3', as('clerk-a'));
    expect(report.body).toMatchObject({ status: 'submitted', late: true, dueAt: Q3_DUE });
    expect((await app.request('GET', 'reports/twp-b/2026-Q3', as('clerk-b'))).body).toMatchObject({ status: 'overdue', late: false });

    await settled(app);
    const matrix = await app.request('GET', 'reports?period=2026-Q3', as('sup-county'));
    expect(matrix.body).toEqual([
      { orgId: 'twp-a', orgName: '甲镇党委', status: 'submitted', late: true, dueAt: Q3_DUE, submittedAt: '2026-11-02T01:00:00.000Z' },
      { orgId: 'twp-b', orgName: '乙镇党委', status: 'overdue', late: false, dueAt: Q3_DUE, submittedAt: null },
    ]);
  });

  it('scopes the matrix: a township sees only itself, the county sees every township', async () => {
    await settled(app);
    const county = await app.request('GET', 'reports?period=2026-Q4', as('view-county'));
    expect(county.status).toBe(200);
    expect(county.body).toEqual([
      { orgId: 'twp-a', orgName: '甲镇党委', status: 'accepted', late: false, dueAt: Q4_DUE, submittedAt: '2026-11-02T01:00:00.000Z' },
      { orgId: 'twp-b', orgName: '乙镇党委', status: 'due', late: false, dueAt: Q4_DUE, submittedAt: null },
    ]);
    const township = await app.request('GET', 'reports?period=2026-Q4', as('clerk-a'));
    expect(township.body.map((r: { orgId: string }) => r.orgId)).toEqual(['twp-a']);
    expect((await app.request('GET', 'reports?period=2026-X1', as('clerk-a'))).status).toBe(400);
    // Reading a report outside the own subtree: as if it did not exist.
    expect((await app.request('GET', 'reports/twp-a/2026-Q4', as('clerk-b'))).status).toBe(404);
  });

  it('offers a prefilled draft from the previous period and from the notices the system knows of (一表通)', async () => {
    const issued = await app.request('POST', 'notices', {
      ...as('sup-county'),
      body: { targetOrgId: 'twp-b', title: '整改组织生活会问题', items: [{ problem: '会议记录不全', requiredAction: '补齐记录' }], dueAt: '2026-11-20T10:00:00.000Z' },
    });
    expect(issued.status).toBe(201);
    const noticeId = issued.body.id as string;
    expect((await app.request('POST', `notices/${noticeId}/acknowledge`, { ...as('clerk-b'), body: {} })).status).toBeLessThan(300);
    expect((await app.request('POST', `notices/${noticeId}/items/1/rectification`, { ...as('clerk-b'), body: { evidence: '已补齐' } })).status).toBeLessThan(300);
    expect((await app.request('POST', `notices/${noticeId}/items/1/verify`, { ...as('sup-county'), body: {} })).status).toBeLessThan(300);
    const second = await app.request('POST', 'notices', {
      ...as('sup-county'),
      body: { targetOrgId: 'twp-b', title: '第二份通知', items: [{ problem: '问题', requiredAction: '整改' }], dueAt: '2026-12-20T10:00:00.000Z' },
    });
    expect(second.status).toBe(201);
    const closed = await app.request('GET', `notices/${noticeId}`, as('sup-county'));
    expect(closed.body.status).toBe('closed');
    await app.request('PUT', 'reports/twp-b/2026-Q3/draft', { ...as('clerk-b'), body: { sections: {}, figures: { householdsVisited: 80, noticesIssued: 9 } } });
    await settled(app);

    const report = await app.request('GET', 'reports/twp-b/2026-Q4', as('clerk-b'));
    expect(report.body.content).toBeNull();
    expect(report.body.prefill.figures).toEqual({ householdsVisited: 80, noticesIssued: 2, noticesClosed: 1, noticesClosedOnTime: 1, pledgesFulfilled: 0 });
    expect(report.body.prefill.sources).toEqual({ householdsVisited: 'previous_period', noticesIssued: 'system', noticesClosed: 'system', noticesClosedOnTime: 'system', pledgesFulfilled: 'system' });
    expect([...report.body.prefill.prefilled].sort()).toEqual(['householdsVisited', 'noticesClosed', 'noticesClosedOnTime', 'noticesIssued', 'pledgesFulfilled']);
    const prefill = await app.request('GET', 'reports/twp-b/2026-Q4/draft/prefill', as('clerk-b'));
    expect(prefill.body).toEqual(report.body.prefill);

    // The clerk takes the prefilled figures over; the draft records which ones were prefilled.
    const saved = await app.request('PUT', 'reports/twp-b/2026-Q4/draft', {
      ...as('clerk-b'),
      body: { sections: {}, figures: { ...prefill.body.figures, membersDeveloped: 1 }, prefilled: prefill.body.prefilled },
    });
    expect(saved.status).toBe(200);
    const after = await app.request('GET', 'reports/twp-b/2026-Q4', as('clerk-b'));
    expect(after.body.content.prefilled.sort()).toEqual(['householdsVisited', 'noticesClosed', 'noticesClosedOnTime', 'noticesIssued', 'pledgesFulfilled']);
    expect(after.body.prefill).toBeNull();
  });

  it('shows report deadlines on the board (kind report) until the report is submitted', async () => {
    await settled(app);
    const board = await app.request('GET', 'deadlines?kind=report', as('sup-county'));
    expect(board.status).toBe(200);
    const subjects = board.body.map((d: { subjectId: string }) => d.subjectId).sort();
    expect(subjects).toEqual(['twp-b/2026-Q3', 'twp-b/2026-Q4']);
    expect(board.body.find((d: { subjectId: string }) => d.subjectId === 'twp-b/2026-Q4')).toMatchObject({
      kind: 'report',
      orgId: 'twp-b',
      title: '2026-Q4 党建工作报告',
      dueAt: Q4_DUE,
    });
  });

  it('upserts the reporting-period Job Schedulers (BullMQ v6, business time zone) on reporting\'s own queue, again after Redis lost them', async () => {
    const schedule = app.app.get(ReportingPeriodSchedule);
    const queue = app.app.get(ReportingPeriodQueue).queue;
    const keys = async () => (await queue.getJobSchedulers()).map((s) => [s.key, s.pattern, s.tz]).sort();
    const expected = [
      ['open-reporting-period-half-yearly', '0 0 1 1,7 *', 'Asia/Shanghai'],
      ['open-reporting-period-quarterly', '0 0 1 1,4,7,10 *', 'Asia/Shanghai'],
    ];
    await schedule.upsertSchedulers();
    await schedule.upsertSchedulers();
    expect(await keys()).toEqual(expected);
    await deletePrefixKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', queue.opts.prefix!);
    expect(await keys()).toEqual([]);
    await schedule.upsertSchedulers();
    expect(await keys()).toEqual(expected);
  });

  it('opens the quarter from the scheduled job (the Job Scheduler occurrence at 00:00 on 1 January, Shanghai time), once', async () => {
    const schedule = app.app.get(ReportingPeriodSchedule);
    // The occurrence as BullMQ hands it over: its own time, not the time it runs.
    const occurrence = { id: 'repeat:open-reporting-period-quarterly:1798732800000', timestamp: Date.parse('2027-01-01T00:00:00+08:00'), opts: {}, data: { cadence: 'quarterly' } };
    expect(await schedule.process(occurrence as never)).toEqual({ period: '2027-Q1' });
    expect(await schedule.process(occurrence as never)).toEqual({ period: '2027-Q1' });
    const matrix = await app.request('GET', 'reports?period=2027-Q1', as('sup-county'));
    expect(matrix.body.map((r: { orgId: string; status: string }) => [r.orgId, r.status])).toEqual([['twp-a', 'due'], ['twp-b', 'due']]);
    const { rows } = await app.database.pool.query(
      `select count(*)::int as n, min(metadata->>'actorId') as actor from es.events where type = 'ReportingObligationOpened' and data->>'period' = '2027-Q1'`,
    );
    expect(rows[0]).toEqual({ n: 2, actor: 'system' });
  });

  it('gives the villages a half-yearly duty to their township', async () => {
    const opened = await app.request('POST', 'reporting-periods/2026-H2/open', as('sup-a'));
    expect(opened.body).toEqual({ period: '2026-H2', opened: 2, alreadyOpen: 0 });
    // Villages owe no quarterly report, townships no half-yearly one.
    expect((await app.request('POST', 'reporting-periods/2026-Q4/open', as('sup-a'))).body).toEqual({ period: '2026-Q4', opened: 0, alreadyOpen: 0 });
    expect((await app.request('POST', 'reporting-periods/2026-H2/open', as('sup-county'))).body).toEqual({ period: '2026-H2', opened: 0, alreadyOpen: 0 });

    await app.request('PUT', 'reports/vil-a1/2026-H2/draft', { ...as('clerk-a1'), body: { sections: {}, figures: { householdsVisited: 40 } } });
    expect((await app.request('POST', 'reports/vil-a1/2026-H2/submit', as('clerk-a1'))).status).toBe(200);
    // The county is the village's grand-supervisor: reading yes, accepting no.
    expect((await app.request('POST', 'reports/vil-a1/2026-H2/accept', as('sup-county'))).status).toBe(403);
    expect((await app.request('POST', 'reports/vil-a1/2026-H2/accept', as('sup-a'))).body).toMatchObject({ status: 'accepted' });

    await settled(app);
    const matrix = await app.request('GET', 'reports?period=2026-H2', as('sup-a'));
    expect(matrix.body).toEqual([
      { orgId: 'vil-a1', orgName: '甲一村党支部', status: 'accepted', late: false, dueAt: H2_DUE, submittedAt: '2026-11-02T01:00:00.000Z' },
      { orgId: 'vil-a2', orgName: '甲二村党支部', status: 'due', late: false, dueAt: H2_DUE, submittedAt: null },
    ]);
    expect((await app.request('GET', 'reports?period=2026-H2', as('clerk-b'))).body).toEqual([]);
  });

  it('sums each figure over the submitted reports, with each organisation\'s value', async () => {
    await app.request('POST', 'reports/twp-b/2026-Q4/submit', as('clerk-b'));
    await settled(app);
    const summary = await app.request('GET', 'reports/summary?period=2026-Q4', as('sup-county'));
    expect(summary.status).toBe(200);
    expect(summary.body.counted).toEqual([
      { orgId: 'twp-a', orgName: '甲镇党委', status: 'accepted' },
      { orgId: 'twp-b', orgName: '乙镇党委', status: 'submitted' },
    ]);
    const figure = (name: string) => summary.body.figures.find((f: { name: string }) => f.name === name);
    expect(figure('membersDeveloped')).toEqual({
      name: 'membersDeveloped',
      total: 3,
      values: [
        { orgId: 'twp-a', orgName: '甲镇党委', value: 2 },
        { orgId: 'twp-b', orgName: '乙镇党委', value: 1 },
      ],
    });
    expect(figure('fundsInvested')).toMatchObject({ total: 1500.5 });
    const own = await app.request('GET', 'reports/summary?period=2026-Q4', as('clerk-a'));
    expect(own.body.counted.map((c: { orgId: string }) => c.orgId)).toEqual(['twp-a']);
  });

  it('shows an unsubmitted report as overdue once the due time has passed', async () => {
    app.clock.set('2027-01-11T00:00:00.000Z');
    const matrix = await app.request('GET', 'reports?period=2026-H2', as('sup-a'));
    expect(matrix.body.map((r: { orgId: string; status: string }) => [r.orgId, r.status])).toEqual([
      ['vil-a1', 'accepted'],
      ['vil-a2', 'overdue'],
    ]);
    expect((await app.request('GET', 'reports/vil-a2/2026-H2', as('sup-a'))).body.status).toBe('overdue');

    const timeliness = await app.app.get(ReportQueries).timeliness(['2026-Q3', '2026-Q4', '2026-H2'], null, app.clock.now());
    const byOrg = Object.fromEntries(timeliness.map((t) => [t.orgId, t]));
    expect(byOrg['twp-a']).toMatchObject({ reports: 2, onTime: 1, late: 1, overdue: 0 });
    expect(byOrg['twp-b']).toMatchObject({ reports: 2, onTime: 1, late: 0, overdue: 1 });
    expect(byOrg['vil-a2']).toMatchObject({ reports: 1, onTime: 0, late: 0, overdue: 1 });
  });

  it('exports the matrix and the summary as an Excel workbook with Chinese headers', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/reports/export.xlsx?period=2026-Q4`, { headers: { authorization: `Bearer ${tokens['sup-county']}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toContain('reports-2026-Q4.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as never);
    const cells = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

    const matrix = workbook.getWorksheet('报送情况')!;
    expect(cells(matrix, 2)).toEqual(['机构编码', '机构', '状态', '截止时间', '提交时间', '是否逾期']);
    expect(cells(matrix, 3)).toEqual(['twp-a', '甲镇党委', '已审', '2027-01-10 23:59', '2026-11-02 09:00', '否']);
    expect(cells(matrix, 4)).toEqual(['twp-b', '乙镇党委', '已报', '2027-01-10 23:59', '2026-11-02 09:00', '否']);
    expect(matrix.rowCount).toBe(4);

    const summary = workbook.getWorksheet('数据汇总')!;
    expect(cells(summary, 2)).toEqual(['指标', '指标编码', '合计', '甲镇党委', '乙镇党委']);
    const rows = Array.from({ length: summary.rowCount - 2 }, (_, i) => cells(summary, i + 3));
    expect(rows).toContainEqual(['发展党员', 'membersDeveloped', 3, 2, 1]);
    // An organisation without the figure leaves its cell empty.
    expect(rows).toContainEqual(['投入经费（元）', 'fundsInvested', 1500.5, 1500.5]);
    expect(rows).toContainEqual(['收到督办通知', 'noticesIssued', 2, undefined, 2]);
  });
});

describe('reporting configuration', () => {
  it('stops the start on a bad REPORTING_DUTIES, naming the variable, before anything connects', () => {
    const env = { NODE_ENV: 'test', REPORTING_DUTIES: '{"cadences": {"township": "weekly"}}' };
    expect(() => AppModule.forRoot({ env, worker: false })).toThrow(/REPORTING_DUTIES: cadences\.township: "weekly"/);
    expect(() => AppModule.forRoot({ env: { ...env, REPORTING_DUTIES: '{"dueDaysAfterEnd": 15}' }, worker: false })).not.toThrow();
  });
});

import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/**
 * Operations (issue: readiness fails when the ladder lags): steps that fell due and did not fire
 * (workers down, schedule lost, here: the business clock jumped past them while their jobs wait
 * in real time) make /health/ready answer 503 and show in the overdue gauge.
 */
describe('readiness and metrics of the escalation ladder', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { LADDER_READY_MAX_OVERDUE_MS: '3600000' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is ready while nothing is overdue, and not ready once a step has been due and unfired for longer than allowed', async () => {
    const admin = await app.login(ADMIN.username, ADMIN.password);
    expect((await app.request('POST', 'organizations', { token: admin, body: { id: 'twp-ready', name: '刁家乡党委', kind: 'township', parentId: 'county' } })).status).toBe(201);
    const supervisor = await app.signInAs('sup-ready', 'county', ['supervisor']);
    const issued = await app.request('POST', 'notices', {
      token: supervisor,
      body: { targetOrgId: 'twp-ready', title: '限期整改', items: [{ problem: '台账缺失', requiredAction: '补建台账' }], dueDate: '2026-11-20' },
    });
    expect(issued.status).toBe(201);
    await app.settle();
    const ready = await app.request('GET', 'health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.ladder).toMatchObject({ status: 'up', oldestOverdueSeconds: 0 });

    // A month later by the business clock: every step is due, none has fired (their jobs wait in real time).
    app.clock.set('2026-12-20T00:00:00.000Z');
    const late = await app.request('GET', 'health/ready');
    expect(late.status).toBe(503);
    expect(late.body.details.ladder.status).toBe('down');
    expect(late.body.details.ladder.message).toMatch(/due and unfired/);
    const metrics = await app.request('GET', '/metrics');
    const gauge = /^ladder_oldest_overdue_step_seconds (\d+(\.\d+)?)$/m.exec(metrics.text);
    expect(Number(gauge?.[1])).toBeGreaterThan(86_400);
  });
});

import { apiAndWorker } from '../support/process.js';

/**
 * Production's shape: `npm run start:api` and `npm run start:worker` as two processes on one
 * DATABASE_URL. The API answers commands; the worker runs the projections, so what the API
 * reads comes from the worker; the worker shows its own metrics and readiness on WORKER_PORT.
 */
describe('start:api and start:worker as two processes (compiled)', () => {
  const processes = apiAndWorker('split');

  beforeAll(() => processes.prepare(), 300_000);
  afterAll(() => processes.dispose());

  it('serves writes on the API, projects them in the worker, and exposes the worker’s metrics and readiness', async () => {
    const worker = await processes.startWorker();
    const api = await processes.startApi();
    const base = processes.apiBase;

    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/organizations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: 'twp-split', name: '雁鸣湖镇党委', kind: 'township', parentId: 'county' }),
    });
    expect(created.status).toBe(201);
    // The list is the worker's read model; the API waits for the worker's checkpoint (READ_WAIT_MS).
    const list = (await (await fetch(`${base}/organizations?parentId=county`, { headers: auth })).json()) as Array<{ id: string }>;
    expect(list.map((o) => o.id)).toContain('twp-split');

    const ops = processes.workerBase;
    expect((await fetch(`${ops}/health/live`)).status).toBe(200);
    const ready = await fetch(`${ops}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toContain('projection_lag_events{name="access.organizations"');
    expect(metrics).toContain('ladder_queue_jobs');
    expect(metrics).toContain('ladder_oldest_overdue_step_seconds');

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  }, 120_000);
});

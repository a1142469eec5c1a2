import { startTestApp, type TestApp } from '../support/app.js';

describe('the running application (platform)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers liveness and readiness (database, Redis, projections)', async () => {
    expect((await app.request('GET', 'health/live')).body).toEqual({ status: 'ok' });
    const ready = await app.request('GET', 'health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, projections: { status: 'up' } });
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const docs = await app.request('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    const metrics = await app.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('projection_lag_events');
  });

  it('answers malformed JSON, unknown routes and missing tokens with problem+json, never a 5xx', async () => {
    const malformed = await app.request('POST', 'organizations', { raw: '{not json', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(malformed.body).toMatchObject({ status: 400, title: 'Bad Request' });
    const unknown = await app.request('GET', 'no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const helmet = unknown.headers.get('x-content-type-options');
    expect(helmet).toBe('nosniff');
  });
});

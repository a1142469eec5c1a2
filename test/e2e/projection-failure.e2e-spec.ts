import { EventStore } from '@app/event-store';
import { newId } from '@app/kernel';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitFor } from '../support/wait.js';

/** DESIGN §8: an event a projection does not know stops it with an error naming it; readiness says so. */
describe('a projection meeting an unknown event', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stops the organisation tree with an error naming the event and its position, and readiness fails', async () => {
    await app.settle();
    const metadata = { actorId: 'tool', actorOrgId: null, actorRoles: [], correlationId: newId(), causationId: null };
    await app.app.get(EventStore).append('org-county', [{ eventId: newId(), type: 'OrganizationTeleported', schemaVersion: 1, data: { orgId: 'county' }, metadata, occurredAt: new Date() }], 'any');
    const ready = await waitFor(
      async () => {
        const response = await app.request('GET', 'health/ready');
        return response.status !== 200 && response;
      },
      10_000,
      'readiness to fail',
      100,
    );
    expect(ready.status).toBe(503);
    const tree = ready.body.details.projections['access.organizations'];
    expect(tree.state).toBe('failed');
    expect(tree.lastError).toMatch(/OrganizationTeleported/);
    expect(tree.lastError).toMatch(/org-county/);
    expect(tree.lastError).toMatch(/position \d+/);
  });
});

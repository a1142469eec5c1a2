import { EventStore } from '@app/event-store';
import { seedTree, startTestApp, TWO_TOWNSHIPS, type TestApp } from '../support/app.js';

/*
 * A verification opinion (核实意见) on verify, and the same optional comment on accepting a report
 * and granting an extension (issue 16).
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  clerkA: { org: 'twp-a', roles: ['clerk'] },
} as const;
type UserName = keyof typeof USERS | 'admin';
const OPINION = '核实通过，台账已补齐';

describe('closing decisions with an optional comment (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;
  const call = (user: UserName, method: string, path: string, body?: unknown, raw?: string) =>
    app.request(method, path, { token: tokens[user], body, raw, headers: raw === undefined ? undefined : { 'content-type': 'application/json' } });
  const noticeEvents = async (id: string) => (await app.app.get(EventStore).readStream(`notice-${id}`)).map((e) => e.type);
  /** A notice to twp-a with `items` items, acknowledged and every item reported rectified. */
  const rectified = async (items = 1) => {
    const issued = await call('countySup', 'POST', 'notices', {
      targetOrgId: 'twp-a',
      title: '关于党建督查发现问题限期整改的通知',
      basis: '2026年第四季度党建工作督查',
      items: Array.from({ length: items }, (_, i) => ({ problem: `问题${i + 1}`, requiredAction: `整改${i + 1}` })),
      dueDate: '2026-11-20',
    });
    expect(issued.status).toBe(201);
    const id = issued.body.id as string;
    await app.settle();
    expect((await call('clerkA', 'POST', `notices/${id}/acknowledge`)).status).toBe(200);
    for (let i = 1; i <= items; i++) expect((await call('clerkA', 'POST', `notices/${id}/items/${i}/rectification`, { evidence: '会议记录已补齐' })).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z' });
    Object.assign(tokens, await seedTree(app, TWO_TOWNSHIPS, USERS, 'comment'));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stores the verification opinion on ItemVerified, on the item and in the timeline', async () => {
    const id = await rectified();
    const verified = await call('countySup', 'POST', `notices/${id}/items/1/verify`, { comment: OPINION });
    expect(verified.status).toBe(200);
    const view = await call('countySup', 'GET', `notices/${id}`);
    expect(view.body.items[0]).toMatchObject({ status: 'verified', verificationComment: OPINION });
    expect(view.body.timeline.find((e: { type: string }) => e.type === 'ItemVerified').data).toMatchObject({ itemId: '1', comment: OPINION });
  });

  it('verifies with no body and with {}; refuses an empty comment or an unknown property, appending nothing', async () => {
    const id = await rectified(3);
    const before = await noticeEvents(id);
    const empty = await call('countySup', 'POST', `notices/${id}/items/1/verify`, { comment: '' });
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(['comment']);
    const blank = await call('countySup', 'POST', `notices/${id}/items/1/verify`, { comment: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['comment']);
    const tooLong = await call('countySup', 'POST', `notices/${id}/items/1/verify`, { comment: '意'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    const unknown = await call('countySup', 'POST', `notices/${id}/items/1/verify`, { opinion: OPINION });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['opinion']);
    expect(await noticeEvents(id)).toEqual(before);

    expect((await call('countySup', 'POST', `notices/${id}/items/1/verify`)).status).toBe(200);
    expect((await call('countySup', 'POST', `notices/${id}/items/2/verify`, {})).status).toBe(200);
    const view = await call('countySup', 'GET', `notices/${id}`);
    expect(view.body.items.map((i: { verificationComment: string | null }) => i.verificationComment)).toEqual([null, null, null]);
  });

  it('ten concurrent verifications with a comment: exactly one 2xx, nine 409s', async () => {
    const id = await rectified();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call('countySup', 'POST', `notices/${id}/items/1/verify`, { comment: `${OPINION}（${i}）` })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect((await noticeEvents(id)).filter((t) => t === 'ItemVerified')).toHaveLength(1);
  });

  it('grants an extension with a comment, shown on the request', async () => {
    const id = await rectified();
    const requested = await call('clerkA', 'POST', `notices/${id}/extension-requests`, { requestedDueAt: '2026-11-30T10:00:00.000Z', reason: '换届期间' });
    expect(requested.status).toBe(201);
    expect((await call('countySup', 'POST', `notices/${id}/extension-requests/1/grant`, { comment: '' })).status).toBe(400);
    const granted = await call('countySup', 'POST', `notices/${id}/extension-requests/1/grant`, { comment: '同意延期，务必按期完成' });
    expect(granted.status).toBe(200);
    const view = await call('countySup', 'GET', `notices/${id}`);
    expect(view.body.extensionRequests[0]).toMatchObject({ status: 'granted', grantComment: '同意延期，务必按期完成' });
    expect(view.body.timeline.find((e: { type: string }) => e.type === 'ExtensionGranted').data).toMatchObject({ comment: '同意延期，务必按期完成' });
  });

  it('accepts a report with an opinion, shown on the report; no body still accepts', async () => {
    expect((await call('countySup', 'POST', 'reporting-periods/2026-Q4/open')).status).toBe(200);
    expect((await call('clerkA', 'PUT', 'reports/twp-a/2026-Q4/draft', { sections: {}, figures: {} })).status).toBe(200);
    expect((await call('clerkA', 'POST', 'reports/twp-a/2026-Q4/submit')).status).toBe(200);
    expect((await call('countySup', 'POST', 'reports/twp-a/2026-Q4/accept', { comment: '' })).status).toBe(400);
    expect((await call('countySup', 'POST', 'reports/twp-a/2026-Q4/accept', { verdict: 'ok' })).status).toBe(400);
    const accepted = await call('countySup', 'POST', 'reports/twp-a/2026-Q4/accept', { comment: '内容详实，予以通过' });
    expect(accepted.status).toBe(200);
    const report = await call('countySup', 'GET', 'reports/twp-a/2026-Q4');
    expect(report.body).toMatchObject({ status: 'accepted', acceptComment: '内容详实，予以通过' });
    const events = await app.app.get(EventStore).readStream('report-twp-a-2026-Q4');
    expect(events.find((e) => e.type === 'ReportAccepted')!.data).toMatchObject({ comment: '内容详实，予以通过' });
  });
});

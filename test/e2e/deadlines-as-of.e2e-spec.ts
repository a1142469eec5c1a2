import { seedTree, startTestApp, TWO_TOWNSHIPS, type TestApp } from '../support/app.js';
import { instantBetween } from '../support/wait.js';

/*
 * GET /deadlines?asOf=: the board as it stood at an instant, computed from the events.
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  clerkB: { org: 'twp-b', roles: ['clerk'] },
} as const;
type UserName = keyof typeof USERS | 'admin';

describe('the deadline board as of an instant (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;
  const call = (user: UserName, method: string, path: string, body?: unknown) => app.request(method, path, { token: tokens[user], body });
  const issue = async (targetOrgId: string, title: string) => {
    const response = await call('countySup', 'POST', 'notices', {
      targetOrgId,
      title,
      basis: '2026年第四季度党建工作督查',
      items: [{ problem: '三会一课记录不全', requiredAction: '补齐支部委员会会议记录' }],
      dueDate: '2026-11-20',
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const board = async (user: UserName, query = '') => {
    await app.settle();
    const response = await call(user, 'GET', `deadlines${query}`);
    expect(response.status).toBe(200);
    return response.body as Array<{ subjectId: string; light: string; orgId: string }>;
  };

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z' });
    Object.assign(tokens, await seedTree(app, TWO_TOWNSHIPS, USERS, 'asof'));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers with what was open then, with the light of then, in the caller\'s scope only', async () => {
    const first = await issue('twp-a', '第一份通知');
    await app.settle();
    const afterFirst = await instantBetween();
    const second = await issue('twp-b', '第二份通知');
    expect((await call('countySup', 'POST', `notices/${first}/withdraw`, { reason: '误发' })).status).toBe(200);

    expect((await board('countySup')).map((r) => r.subjectId)).toEqual([second]);
    expect((await board('countySup', `?asOf=${afterFirst.toISOString()}`)).map((r) => r.subjectId)).toEqual([first]);
    // Before anything was issued: an empty board.
    expect(await board('countySup', '?asOf=2020-01-01T00:00:00Z')).toEqual([]);
    // twp-b's clerk never sees twp-a's notice, then or now.
    expect(await board('clerkB', `?asOf=${afterFirst.toISOString()}`)).toEqual([]);
    // The light is that of the instant asked for: past the due date the first notice is red.
    const later = await board('countySup', `?asOf=${new Date().toISOString()}&kind=notice`);
    expect(later.map((r) => [r.subjectId, r.light])).toEqual([[second, 'red']]);
    expect((await call('countySup', 'GET', 'deadlines?asOf=last-week')).status).toBe(400);
  });
});

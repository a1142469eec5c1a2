import { jest } from '@jest/globals';
import { LadderQueue } from '@app/escalation';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { waitFor, waitForLadderDone } from './escalation-support/helpers.js';

jest.setTimeout(60_000);

/** 催办 → overdue → 黄牌警告 → escalation for notices, in seconds: remind 4 s before, warn 2 s after, escalate 4 s after. */
const POLICY = JSON.stringify({ notice: { remindBefore: ['PT4S'], yellowWithin: 'PT5S', warnAfter: 'PT2S', escalateAfter: 'PT4S' } });
const LADDER = ['ReminderSent', 'DeadlineMissed', 'WarningIssued', 'EscalatedToLeadership'];

/**
 * The whole ladder on real notices, seen only through the HTTP contract (DESIGN §5, §7): the
 * notice's own timeline and escalation level, the board, the target's timeline with the proposed
 * conversation, and both organisations' inboxes; a notice closed before its reminder gets nothing.
 */
describe('the escalation ladder on an ignored notice, over HTTP (seconds-long policy)', () => {
  let app: TestApp;
  let ticker: NodeJS.Timeout | undefined;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ env: { ESCALATION_POLICY: POLICY } });
    // Business time runs with real time, so BullMQ's delays and the ladder's clock agree.
    app.clock.set(new Date());
    ticker = setInterval(() => app.clock.set(new Date()), 20);
    const admin = await app.login(ADMIN.username, ADMIN.password);
    expect((await app.request('POST', 'organizations', { token: admin, body: { id: 'twp-esc', name: '狼城岗镇党委', kind: 'township', parentId: 'county' } })).status).toBe(201);
    tokens['sup-esc'] = await app.signInAs('sup-esc', 'county', ['supervisor']);
    tokens['clerk-esc'] = await app.signInAs('clerk-esc', 'twp-esc', ['clerk']);
  });
  afterAll(async () => {
    clearInterval(ticker);
    await app?.close();
  });

  const sup = () => ({ token: tokens['sup-esc'] });
  const clerk = () => ({ token: tokens['clerk-esc'] });
  const issue = async (title: string, dueAt: Date) => {
    const response = await app.request('POST', 'notices', {
      ...sup(),
      body: { targetOrgId: 'twp-esc', title, items: [{ problem: '三会一课记录不全', requiredAction: '补齐记录' }], dueAt: dueAt.toISOString() },
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const ladderOf = async (id: string) =>
    ((await app.request('GET', `notices/${id}`, sup())).body.timeline as Array<{ type: string }>).map((e) => e.type).filter((t) => LADDER.includes(t));

  it('urges, marks overdue, warns and escalates the ignored notice exactly once each; nothing for the closed one', async () => {
    const due = new Date(Date.now() + 10_000);
    const ignored = await issue('未整改的督办通知', due);
    const closed = await issue('已销号的督办通知', due);
    // The closed notice is rectified and verified well before its reminder (4 s before the due time).
    expect((await app.request('POST', `notices/${closed}/acknowledge`, clerk())).status).toBe(200);
    expect((await app.request('POST', `notices/${closed}/items/1/rectification`, { ...clerk(), body: { evidence: '已补齐记录' } })).status).toBe(200);
    const verified = await app.request('POST', `notices/${closed}/items/1/verify`, sup());
    expect(verified.status).toBe(200);
    expect((await app.request('GET', `notices/${closed}`, sup())).body.status).toBe('closed');

    await waitFor(async () => (await ladderOf(ignored)).length >= LADDER.length, 40_000, 'the ladder of the ignored notice to complete', 200);
    // Every job run (the closed notice's skipped): a double would be on the stream by now.
    await waitForLadderDone(app.app.get(LadderQueue).queue, [ignored, closed]);
    expect(await ladderOf(ignored)).toEqual(LADDER);
    expect(await ladderOf(closed)).toEqual([]);

    const notice = (await app.request('GET', `notices/${ignored}`, sup())).body;
    expect(notice.deadline).toMatchObject({ light: 'red', escalationLevel: 3, originalDueAt: due.toISOString(), dueAt: due.toISOString() });

    const board = await app.request('GET', 'deadlines?kind=notice', sup());
    expect(board.body).toEqual([expect.objectContaining({ kind: 'notice', subjectId: ignored, orgId: 'twp-esc', light: 'red', escalationLevel: 3 })]);

    const timeline = await app.request('GET', 'orgs/twp-esc/timeline', clerk());
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['ConversationProposed', ...LADDER]));

    const supervisorInbox = (await app.request('GET', 'inbox', sup())).body.items as Array<{ kind: string; subjectId: string }>;
    expect(supervisorInbox.filter((i) => i.subjectId === ignored).map((i) => i.kind).sort()).toEqual(['escalation', 'overdue', 'todo', 'warning']);
    const clerkInbox = (await app.request('GET', 'inbox', clerk())).body.items as Array<{ kind: string; subjectId: string; text: string }>;
    expect(clerkInbox.filter((i) => i.subjectId === ignored).map((i) => i.kind).sort()).toEqual(['escalation', 'overdue', 'reminder', 'warning']);
    expect(clerkInbox.find((i) => i.kind === 'reminder')!.text).toContain('未整改的督办通知');
    expect(clerkInbox.some((i) => i.subjectId === closed)).toBe(false);
  });
});

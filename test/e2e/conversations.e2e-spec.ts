import { randomUUID } from 'node:crypto';
import { newId } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { escalationConversationId } from '@app/escalation';
import { conversationStream, type EscalationProposal } from '@app/conversations';
import { seedTree, startTestApp, TWO_TOWNSHIPS, type TestApp } from '../support/app.js';

/*
 * Admonishment conversations (诫勉谈话) over HTTP on real PostgreSQL. Tree:
 *
 *   county ─┬─ twp-a ── vil-a1
 *           └─ twp-b
 */
const USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  countyViewer: { org: 'county', roles: ['viewer'] },
  clerkA: { org: 'twp-a', roles: ['clerk'] },
  supA: { org: 'twp-a', roles: ['supervisor'] },
  supB: { org: 'twp-b', roles: ['supervisor'] },
} as const;
type UserName = keyof typeof USERS | 'admin';

const SCHEDULE = { at: '2026-11-10T09:30:00+08:00', place: '县委组织部三楼会议室', interviewer: '县委组织部副部长 王明' };
const HOLD = {
  minutes: '指出该镇党委落实整改不力的问题，党委书记作表态发言。',
  commitments: [
    { text: '一个月内补齐三会一课记录', dueAt: '2026-12-10T18:00:00+08:00' },
    { text: '年底前完成支部标准化建设', dueAt: '2026-12-31T18:00:00+08:00' },
  ],
};

describe('admonishment conversations (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;

  const call = (user: UserName, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { token: tokens[user], body, headers });
  const propose = (body: Record<string, unknown> = {}, user: UserName = 'countySup', headers?: Record<string, string>) =>
    call(user, 'POST', 'conversations', { targetOrgId: 'twp-a', reason: '第三季度整改通知逾期未办结', ...body }, headers);
  const proposed = async (body: Record<string, unknown> = {}, user: UserName = 'countySup') => {
    const response = await propose(body, user);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const get = (id: string, user: UserName = 'countySup') => call(user, 'GET', `conversations/${id}`);
  const types = (entries: Array<{ type: string }>) => entries.map((entry) => entry.type);

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-11-02T01:00:00.000Z' });
    Object.assign(tokens, await seedTree(app, TWO_TOWNSHIPS, USERS, 'conv'));
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => app.clock.set('2026-11-02T01:00:00.000Z'));

  it('runs the whole lifecycle: propose by hand, schedule, reschedule, hold, follow-up closes it', async () => {
    const created = await propose({ subject: { kind: 'notice', id: randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), revision: 0, status: 'proposed' });
    const id = created.body.id as string;

    const fresh = await get(id, 'clerkA');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      id,
      source: 'manual',
      targetOrgId: 'twp-a',
      supervisorOrgId: 'county',
      status: 'proposed',
      reason: '第三季度整改通知逾期未办结',
      subject: { kind: 'notice' },
      schedule: null,
      minutes: null,
      commitments: [],
      outcome: null,
      revision: 0,
    });
    expect(fresh.body.timeline).toEqual([expect.objectContaining({ type: 'ConversationProposed', at: '2026-11-02T01:00:00.000Z', actorId: expect.any(String) })]);
    expect(fresh.headers.get('etag')).toBe('"0"');

    // The target reads it but does not run it.
    expect((await call('clerkA', 'POST', `conversations/${id}/schedule`, SCHEDULE)).status).toBe(403);
    const scheduled = await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toEqual({ id, revision: 1, status: 'scheduled' });
    const moved = await call('countySup', 'POST', `conversations/${id}/schedule`, { ...SCHEDULE, at: '2026-11-12T09:30:00+08:00' });
    expect(moved.body).toEqual({ id, revision: 2, status: 'scheduled' });

    app.clock.set('2026-11-12T03:00:00.000Z');
    const held = await call('countySup', 'POST', `conversations/${id}/hold`, HOLD);
    expect(held.status).toBe(200);
    expect(held.body).toEqual({ id, revision: 3, status: 'held' });
    expect((await call('countySup', 'POST', `conversations/${id}/hold`, HOLD)).status).toBe(409);
    expect((await call('countySup', 'POST', `conversations/${id}/schedule`, { ...SCHEDULE, at: '2026-11-20T09:30:00+08:00' })).body.code).toBe('CONVERSATION.ALREADY_HELD');

    app.clock.set('2027-01-05T02:00:00.000Z');
    expect((await call('countySup', 'POST', `conversations/${id}/follow-up`, { outcome: 'better' })).status).toBe(400);
    const closing = await call('countySup', 'POST', `conversations/${id}/follow-up`, { outcome: 'improved', notes: '回访：记录已补齐' });
    expect(closing.status).toBe(200);
    expect(closing.body).toEqual({ id, revision: 5, status: 'closed' });

    const closed = await get(id, 'countyViewer');
    expect(closed.body).toMatchObject({
      status: 'closed',
      schedule: { at: '2026-11-12T01:30:00.000Z', place: SCHEDULE.place, interviewer: SCHEDULE.interviewer },
      reschedules: 1,
      heldAt: '2026-11-12T03:00:00.000Z',
      minutes: HOLD.minutes,
      commitments: [
        { id: '1', text: '一个月内补齐三会一课记录', dueAt: '2026-12-10T10:00:00.000Z' },
        { id: '2', text: '年底前完成支部标准化建设', dueAt: '2026-12-31T10:00:00.000Z' },
      ],
      outcome: 'improved',
      followUpNotes: '回访：记录已补齐',
      closedAt: '2027-01-05T02:00:00.000Z',
      revision: 5,
    });
    expect(types(closed.body.timeline)).toEqual([
      'ConversationProposed',
      'ConversationScheduled',
      'ConversationScheduled',
      'ConversationHeld',
      'ConversationFollowedUp',
      'ConversationClosed',
    ]);
    const late = await call('countySup', 'POST', `conversations/${id}/cancel`, { reason: '撤销' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CONVERSATION.CLOSED');

    // Every event is on the target's timeline and, through the proposal, on the supervisor's.
    await app.settle();
    for (const orgId of ['twp-a', 'county']) {
      const timeline = await call('countySup', 'GET', `orgs/${orgId}/timeline?limit=200`);
      expect(timeline.status).toBe(200);
      const mine = timeline.body.entries.filter((entry: { streamId: string }) => entry.streamId === `conversation-${id}`);
      expect(types(mine)).toEqual([
        'ConversationClosed',
        'ConversationFollowedUp',
        'ConversationHeld',
        'ConversationScheduled',
        'ConversationScheduled',
        'ConversationProposed',
      ]);
    }
    // Not on a sibling's.
    const sibling = await call('countySup', 'GET', 'orgs/twp-b/timeline?limit=200');
    expect(sibling.body.entries.map((entry: { streamId: string }) => entry.streamId)).not.toContain(`conversation-${id}`);
  });

  it('cancels a proposed or scheduled conversation with a reason; nothing happens to it afterwards', async () => {
    const id = await proposed();
    expect((await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE)).status).toBe(200);
    expect((await call('countySup', 'POST', `conversations/${id}/cancel`, {})).status).toBe(400);
    expect((await call('clerkA', 'POST', `conversations/${id}/cancel`, { reason: '不想谈' })).status).toBe(403);
    const cancelled = await call('countySup', 'POST', `conversations/${id}/cancel`, { reason: '问题已于谈话前整改到位' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id, revision: 2, status: 'cancelled' });
    const again = await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONVERSATION.CANCELLED');
    expect((await get(id)).body).toMatchObject({ status: 'cancelled', cancelReason: '问题已于谈话前整改到位', cancelledAt: '2026-11-02T01:00:00.000Z', revision: 2 });

    const unscheduled = await proposed();
    expect((await call('countySup', 'POST', `conversations/${unscheduled}/cancel`, { reason: '重复提议' })).body).toMatchObject({ status: 'cancelled' });
  });

  it('refuses illegal transitions with 409 problem+json and bad input with 400', async () => {
    const id = await proposed();
    const early = await call('countySup', 'POST', `conversations/${id}/hold`, HOLD);
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.body.code).toBe('CONVERSATION.NOT_SCHEDULED');
    expect((await call('countySup', 'POST', `conversations/${id}/follow-up`, { outcome: 'improved' })).body.code).toBe('CONVERSATION.NOT_HELD');

    expect((await call('countySup', 'POST', `conversations/${id}/schedule`, { ...SCHEDULE, at: '2026-11-01T09:30:00+08:00' })).body.code).toBe('CONVERSATION.TIME_IN_PAST');
    expect((await call('countySup', 'POST', `conversations/${id}/schedule`, { ...SCHEDULE, at: '2026-11-10T09:30:00' })).status).toBe(400); // no zone
    expect((await call('countySup', 'POST', `conversations/${id}/schedule`, { ...SCHEDULE, room: 3 })).status).toBe(400);
    expect((await propose({ reason: '' })).status).toBe(400);
    expect((await propose({ subject: { kind: 'ranking', id: 'x' } })).status).toBe(400);
    expect((await get(id)).body.revision).toBe(0);
  });

  it('keeps conversations inside the scope: outsiders get 404, a supervisor without the target as a direct child 403', async () => {
    // Proposing: only a supervisor of the direct parent.
    expect((await propose({ targetOrgId: 'vil-a1' })).status).toBe(403);
    expect((await propose({}, 'countyViewer')).status).toBe(403);
    expect((await propose({}, 'admin')).status).toBe(403);
    expect((await propose({ targetOrgId: 'vil-a1' }, 'supB')).status).toBe(404);
    expect((await propose({ targetOrgId: 'no-such-org' })).status).toBe(404);

    const village = await proposed({ targetOrgId: 'vil-a1' }, 'supA');
    expect((await get(village, 'supA')).status).toBe(200);
    expect((await get(village, 'countySup')).status).toBe(200);
    expect((await get(village, 'admin')).status).toBe(200);
    // The county supervisor reads the village's conversation but does not run it (the township does).
    const outOfScope = await call('countySup', 'POST', `conversations/${village}/schedule`, SCHEDULE);
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('countyViewer', 'POST', `conversations/${village}/cancel`, { reason: '越权' })).status).toBe(403);
    // Another township does not see it at all.
    expect((await get(village, 'supB')).status).toBe(404);
    expect((await call('supB', 'POST', `conversations/${village}/schedule`, SCHEDULE)).status).toBe(404);
    expect((await call('supA', 'POST', `conversations/${village}/schedule`, SCHEDULE)).status).toBe(200);

    expect((await get('not-a-uuid')).status).toBe(404);
    expect((await get(randomUUID())).status).toBe(404);
    expect((await call('countySup', 'POST', `conversations/${randomUUID()}/schedule`, SCHEDULE)).status).toBe(404);
  });

  it('replays an idempotent retry and runs a command only at the revision in If-Match', async () => {
    const key = `conv-${randomUUID()}`;
    const first = await propose({}, 'countySup', { 'idempotency-key': key });
    const again = await propose({}, 'countySup', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const id = first.body.id as string;

    const stale = await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE, { 'if-match': '"3"' });
    expect(stale.status).toBe(412);
    const current = await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE, { 'if-match': '"0"', 'idempotency-key': `${key}-s` });
    expect(current.status).toBe(200);
    const replayed = await call('countySup', 'POST', `conversations/${id}/schedule`, SCHEDULE, { 'if-match': '"0"', 'idempotency-key': `${key}-s` });
    expect(replayed.body).toEqual(current.body);
    expect((await get(id)).body.revision).toBe(1);
  });

  it('takes over a conversation the escalation ladder proposed (level 3) and schedules it over HTTP', async () => {
    // Appended as the ladder appends it (libs/escalation, decideLadderStep): by the system, on the
    // deterministic stream of the escalated notice's deadline version.
    const noticeId = randomUUID();
    const conversationId = escalationConversationId('notice', noticeId, 1);
    const data: EscalationProposal = {
      conversationId,
      reason: 'escalation',
      targetOrgId: 'twp-a',
      supervisorOrgId: 'county',
      subjectKind: 'notice',
      subjectId: noticeId,
      subjectStream: `notice-${noticeId}`,
      deadlineVersion: 1,
      proposedAt: app.clock.now().toISOString(),
    };
    const metadata = { actorId: 'system', actorOrgId: null, actorRoles: [], correlationId: newId(), causationId: null };
    await app.app.get(EventStore).append(
      conversationStream(conversationId),
      [{ eventId: newId(), type: 'ConversationProposed', schemaVersion: 1, data, metadata, occurredAt: app.clock.now() }],
      'no_stream',
    );

    const proposal = await get(conversationId, 'clerkA');
    expect(proposal.status).toBe(200);
    expect(proposal.body).toMatchObject({
      source: 'escalation',
      reason: 'escalation',
      status: 'proposed',
      subject: { kind: 'notice', id: noticeId },
      proposedBy: null,
      timeline: [{ type: 'ConversationProposed', actorId: 'system' }],
    });
    const scheduled = await call('countySup', 'POST', `conversations/${conversationId}/schedule`, SCHEDULE);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toEqual({ id: conversationId, revision: 1, status: 'scheduled' });

    await app.settle();
    const timeline = await call('clerkA', 'GET', 'orgs/twp-a/timeline?limit=200');
    const mine = timeline.body.entries.filter((entry: { streamId: string }) => entry.streamId === `conversation-${conversationId}`);
    expect(types(mine)).toEqual(['ConversationScheduled', 'ConversationProposed']);
    // The ladder's proposal is a to-do in the supervisor's inbox; the ones proposed by hand above are not.
    // (The letters the commitments held above became run on the ladder too: their escalations are the pledges' own to-dos.)
    const inbox = await call('countySup', 'GET', 'inbox?limit=200');
    const todos = inbox.body.items.filter((item: { eventType: string; subjectKind: string }) => item.eventType === 'ConversationProposed' && item.subjectKind !== 'pledge');
    expect(todos).toEqual([expect.objectContaining({ kind: 'todo', subjectKind: 'notice', subjectId: noticeId })]);
  });
});

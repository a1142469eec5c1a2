import ExcelJS from 'exceljs';
import { EventStore } from '@app/event-store';
import { organizationStream } from '@app/access';
import { conversationStream } from '@app/conversations';
import { CommandRunner } from '@app/platform';
import { rankingConversationId, rankingStream } from '@app/assessment';
import { RankingConsequencesReactor } from '../../libs/assessment/src/carry-out-consequences/ranking-consequences.reactor.js';
import { AppModule } from '../../apps/api/src/app.module.js';
import { seedTree, startTestApp, type TestApp } from '../support/app.js';
import { instantBetween } from '../support/wait.js';

/*
 * Assessments and rankings over HTTP on real PostgreSQL, with the numbers of the sources:
 *
 *   county ─┬─ t01 … t15 (townships, ranked by the county)
 *           └─ t01 ── v001 … v171 (villages, ranked by t01)
 */
const TOWNSHIPS = Array.from({ length: 15 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
const VILLAGES = Array.from({ length: 171 }, (_, i) => `v${String(i + 1).padStart(3, '0')}`);
const USERS = {
  countySup: { org: 'county', roles: ['supervisor'] },
  countyClerk: { org: 'county', roles: ['clerk'] },
  supT01: { org: 't01', roles: ['supervisor'] },
  clerkT01: { org: 't01', roles: ['clerk'] },
  clerkT07: { org: 't07', roles: ['clerk'] },
  clerkV001: { org: 'v001', roles: ['clerk'] },
} as const;
type UserName = keyof typeof USERS | 'admin';
const GROUPS = ['masses', 'members', 'peers', 'deputies', 'superiors'] as const;

/** The same score from every evaluator group (the composite is then that score). */
const flat = (score: number) => GROUPS.map((group) => ({ group, score, evaluators: 30 }));
/** 2026: t05 first, t03 and t04 tie second, t01 is the 五评 example (85.5), t02 scores 98 but is vetoed. */
const SCORES_2026: Record<string, number | number[]> = {
  t01: [80, 90, 70, 85, 95],
  t02: 98,
  t03: 92,
  t04: 92,
  t05: 95,
  t06: 88,
  t07: 87,
  t08: 86,
  t09: 84,
  t10: 83,
  t11: 82,
  t12: 81,
  t13: 79,
  t14: 78,
  t15: 76,
};

describe('assessments and rankings (HTTP, real PostgreSQL)', () => {
  let app: TestApp;
  const tokens = {} as Record<UserName, string>;
  const call = (user: UserName, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { token: tokens[user], body, headers });
  const ranking = (user: UserName, supervisor: string, period: string, extra = '') => call(user, 'GET', `rankings?supervisorOrgId=${supervisor}&period=${period}${extra}`);
  const assess = async (user: UserName, orgId: string, period: string, scores: number | number[]) => {
    const groups = Array.isArray(scores) ? GROUPS.map((group, i) => ({ group, score: scores[i]!, evaluators: 30 })) : flat(scores);
    const recorded = await call(user, 'POST', `assessments/${orgId}/${period}/scores`, { groups });
    expect(recorded.status).toBe(200);
    const finalized = await call(user, 'POST', `assessments/${orgId}/${period}/finalize`);
    expect(finalized.status).toBe(200);
  };
  /** Runs `work` over `items`, `width` at a time. */
  const inParallel = async <T>(items: T[], width: number, work: (item: T) => Promise<void>) => {
    for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
  };
  const eventsOf = async (streamId: string) => app.app.get(EventStore).readStream(streamId);

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-12-20T02:00:00.000Z' });
    const tree: Array<[string, string, string]> = [...TOWNSHIPS.map((id): [string, string, string] => [id, 'township', 'county'])];
    Object.assign(tokens, await seedTree(app, tree, {}, 'rank'));
    const csv = ['id,name,kind,parentId', ...VILLAGES.map((id) => `${id},${id} 村党支部,village,t01`)].join('\n');
    const imported = await app.request('POST', 'organizations/import', { token: tokens.admin, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBeLessThan(300);
    for (const [name, { org, roles }] of Object.entries(USERS)) tokens[name as UserName] = await app.signInAs(`rank-${name.toLowerCase()}`, org, [...roles]);
    await app.settle();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('refuses bad scores naming the field, with nothing appended; only a supervisor of the parent assesses', async () => {
    const unknownGroup = await call('countySup', 'POST', 'assessments/t01/2026/scores', { groups: [{ group: 'neighbours', score: 80, evaluators: 3 }] });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(unknownGroup.body)).toContain('groups[0].group');
    const outOfRange = await call('countySup', 'POST', 'assessments/t01/2026/scores', { groups: [{ group: 'masses', score: 100.5, evaluators: 3 }] });
    expect(outOfRange.status).toBe(400);
    expect(JSON.stringify(outOfRange.body)).toMatch(/groups\.0\.score|groups\[0\]\.score/);
    const unknownVeto = await call('countySup', 'POST', 'assessments/t01/2026/vetoes', { item: 'weather', reason: '?' });
    expect(unknownVeto.status).toBe(400);
    expect(JSON.stringify(unknownVeto.body)).toContain('item');
    const badPeriod = await call('countySup', 'POST', 'assessments/t01/2026-Q5/scores', { groups: flat(80) });
    expect(badPeriod.status).toBe(400);
    expect((await call('countyClerk', 'POST', 'assessments/t01/2026/scores', { groups: flat(80) })).status).toBe(403);
    expect((await call('supT01', 'POST', 'assessments/t02/2026/scores', { groups: flat(80) })).status).toBe(404);
    const incomplete = await call('countySup', 'POST', 'assessments/t01/2026/finalize');
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.code).toBe('ASSESSMENT.INCOMPLETE');
    const view = await call('countySup', 'GET', 'assessments/t01/2026');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'none', revision: -1 });
    expect(await eventsOf('assessment-t01-2026')).toHaveLength(0);
  });

  it('五评 80/90/70/85/95 → 85.5, with the explanation adding up to it and naming the event behind each part', async () => {
    await call('countySup', 'POST', 'assessments/t01/2026/scores', { groups: GROUPS.map((group, i) => ({ group, score: [80, 90, 70, 85, 95][i]!, evaluators: 40 })), category: '一类' });
    const view = await call('countySup', 'GET', 'assessments/t01/2026');
    expect(view.body.status).toBe('open');
    expect(view.body.preview.score).toBe(85.5);
    expect(view.body.preview.tier).toBe('standard');
    expect((await call('countySup', 'POST', 'assessments/t01/2026/finalize')).status).toBe(200);
    const after = await call('countySup', 'POST', 'assessments/t01/2026/scores', { groups: flat(60) });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('ASSESSMENT.FINALIZED');
    // The assessed township reads its own assessment; another township does not see it.
    expect((await call('clerkT01', 'GET', 'assessments/t01/2026')).body.status).toBe('finalized');
    expect((await call('clerkT07', 'GET', 'assessments/t01/2026')).status).toBe(404);
  });

  it('publishes 2025, then ranks 2026: ties share a rank, a veto fails a 98-point township, 14 of 15 attain → 93.3 %', async () => {
    // 2025: t02 is already the bottom one.
    await inParallel(TOWNSHIPS, 5, (id) => assess('countySup', id, '2025', id === 't02' ? 70 : 80 + Number(id.slice(1))));
    const published2025 = await call('countySup', 'POST', 'rankings/county/2025/publish');
    expect(published2025.status).toBe(200);
    expect(published2025.body).toMatchObject({ version: 1, published: true });
    expect(published2025.body.consequences.conversations.map((c: { orgId: string }) => c.orgId)).toEqual(['t02']);

    await inParallel(TOWNSHIPS.filter((id) => id !== 't01'), 5, (id) => assess('countySup', id, '2026', SCORES_2026[id]!));
    const veto = await call('countySup', 'POST', 'assessments/t02/2026/vetoes', { item: 'publicOrder', reason: '发生重大群体性事件', correctionReason: '年终核查发现' });
    expect(veto.status).toBe(200);
    expect(veto.body.corrections).toBe(1);

    const draft = await ranking('countySup', 'county', '2026');
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('draft');
    const byOrg = new Map(draft.body.rows.map((r: { orgId: string }) => [r.orgId, r]));
    expect(byOrg.get('t05')).toMatchObject({ rank: 1, score: 95, tier: 'advanced' });
    expect(byOrg.get('t03')).toMatchObject({ rank: 2, score: 92 });
    expect(byOrg.get('t04')).toMatchObject({ rank: 2, score: 92 });
    expect(byOrg.get('t06')).toMatchObject({ rank: 4, score: 88 });
    expect(byOrg.get('t01')).toMatchObject({ score: 85.5, tier: 'standard', tierLabel: '达标' });
    expect(byOrg.get('t02')).toMatchObject({ rank: 15, score: 98, vetoed: true, tier: 'failed' });
    expect(draft.body.rows.at(-1).orgId).toBe('t02');
    expect(draft.body.summary).toMatchObject({ total: 15, failed: 1, attained: 14, attainmentRate: 93.3 });
    // 2025 scored 80 + the township's number: t05 was 11th with 85, t15 first.
    expect(byOrg.get('t05')).toMatchObject({ change: { previousRank: 11, previousScore: 85, scoreDelta: 10 } });

    const explain = await call('countySup', 'GET', 'rankings/county/2026/t01/explain');
    expect(explain.status).toBe(200);
    const points = explain.body.components.reduce((sum: number, c: { points: number }) => sum + Math.round(c.points * 100), 0);
    expect(points / 100).toBe(85.5);
    expect(explain.body.components.map((c: { key: string; points: number }) => [c.key, c.points])).toEqual([
      ['masses', 24],
      ['members', 18],
      ['peers', 7],
      ['deputies', 12.75],
      ['superiors', 23.75],
    ]);
    const scored = (await eventsOf('assessment-t01-2026')).find((e) => e.type === 'AssessmentScoresRecorded')!;
    expect(explain.body.components[0].eventIds).toEqual([scored.eventId]);
    const vetoExplained = await call('countySup', 'GET', 'rankings/county/2026/t02/explain');
    expect(vetoExplained.body.components.find((c: { kind: string }) => c.kind === 'veto')).toMatchObject({ key: 'publicOrder' });

    // Drafts are the supervisor's: a ranked township sees nothing until it is published.
    expect((await ranking('clerkT07', 'county', '2026')).status).toBe(404);
  });

  it('publishing proposes exactly one conversation with the bottom secretary, however often it runs; commends the top three; a second bottom year recommends adjustment', async () => {
    const first = await call('countySup', 'POST', 'rankings/county/2026/publish');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, published: true });
    const c = first.body.consequences;
    expect(c.commend.map((x: { orgId: string }) => x.orgId).sort()).toEqual(['t03', 't04', 't05']);
    expect(c.conversations).toEqual([{ orgId: 't02', rank: 15, conversationId: rankingConversationId('county', '2026', 't02') }]);
    expect(c.secretaryAdjustments).toEqual([{ orgId: 't02', previousPeriod: '2025' }]);
    // A retry of the publish appends nothing.
    const again = await call('countySup', 'POST', 'rankings/county/2026/publish');
    expect(again.body).toMatchObject({ version: 1, published: false });
    await app.settle();

    // The reactor handles the same event again, as after a crash before its checkpoint: nothing twice.
    const [published] = (await eventsOf(rankingStream('county', '2026'))).filter((e) => e.type === 'RankingPublished');
    const reactor = new RankingConsequencesReactor(app.app.get(CommandRunner));
    await reactor.handle([published!]);
    await reactor.handle([published!]);

    const conversation = await eventsOf(conversationStream(rankingConversationId('county', '2026', 't02')));
    expect(conversation.map((e) => e.type)).toEqual(['ConversationProposed']);
    expect(conversation[0]!.data).toMatchObject({ targetOrgId: 't02', supervisorOrgId: 'county' });
    const view = await call('countySup', 'GET', `conversations/${rankingConversationId('county', '2026', 't02')}`);
    expect(view.status).toBe(200);
    const t02 = (await eventsOf(organizationStream('t02'))).map((e) => e.type);
    expect(t02.filter((t) => t === 'SecretaryAdjustmentRecommended')).toHaveLength(1);
    expect(t02.filter((t) => t === 'OrganizationDesignatedBackward')).toHaveLength(1);
    for (const id of ['t03', 't04', 't05']) {
      const types = (await eventsOf(organizationStream(id))).map((e) => e.type);
      expect(types.filter((t) => t === 'OrganizationCommended')).toHaveLength(1);
      expect(types.filter((t) => t === 'PlaqueAwarded')).toHaveLength(1);
    }
    // Published: every township under the county reads it; a village under one of them too.
    const seen = await ranking('clerkT07', 'county', '2026');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'published', version: 1 });
    expect((await ranking('clerkV001', 'county', '2026')).status).toBe(200);
  });

  it('a correction publishes version 2 with its difference; asOf answers as the ranking stood before it', async () => {
    const before = await instantBetween();
    const refused = await call('countySup', 'POST', 'assessments/t01/2026/scores', { groups: [{ group: 'superiors', score: 99, evaluators: 12 }] });
    expect(refused.status).toBe(409);
    const corrected = await call('countySup', 'POST', 'assessments/t01/2026/scores', {
      groups: [{ group: 'superiors', score: 99, evaluators: 12 }],
      correctionReason: '上级评分录入有误',
    });
    expect(corrected.status).toBe(200);
    const draft = await ranking('countySup', 'county', '2026');
    expect(draft.body.status).toBe('draft');
    // t01 moves from 85.5 to 86.5 and passes t08 (86): both rows change.
    const t01Change = { orgId: 't01', before: expect.objectContaining({ score: 85.5, rank: 7 }), after: expect.objectContaining({ score: 86.5, rank: 6 }) };
    const t08Change = { orgId: 't08', before: expect.objectContaining({ score: 86, rank: 6 }), after: expect.objectContaining({ score: 86, rank: 7 }) };
    expect(draft.body.changesSincePublished).toEqual([t01Change, t08Change]);
    const second = await call('countySup', 'POST', 'rankings/county/2026/publish', { reason: '更正刘集镇上级评分' });
    expect(second.body).toMatchObject({ version: 2, published: true });
    // Nothing is set off twice: the bottom one had its conversation with version 1.
    expect(second.body.consequences.conversations).toEqual([]);
    expect(second.body.consequences.commend).toEqual([]);
    const [, v2] = (await eventsOf(rankingStream('county', '2026'))).map((e) => e.data);
    expect(v2).toMatchObject({ version: 2, reason: '更正刘集镇上级评分' });
    expect(v2.changes).toEqual([t01Change, t08Change]);

    const now = await ranking('clerkT07', 'county', '2026');
    expect(now.body.version).toBe(2);
    const then = await ranking('clerkT07', 'county', '2026', `&asOf=${before.toISOString()}`);
    expect(then.body.version).toBe(1);
    expect(then.body.rows.find((r: { orgId: string }) => r.orgId === 't01').score).toBe(85.5);
    const draftThen = await ranking('countySup', 'county', '2026', `&asOf=${before.toISOString()}`);
    expect(draftThen.body.rows.find((r: { orgId: string }) => r.orgId === 't01').score).toBe(85.5);
    expect((await ranking('countySup', 'county', '2026', '&asOf=yesterday')).status).toBe(400);
  });

  it('exports the published ranking as Excel with Chinese headers and the explanation', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/rankings/county/2026/export`, { headers: { authorization: `Bearer ${tokens.countySup}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('排名')!;
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['排名', '机构', '综合得分', '档次', '群众评（30%）']));
    expect(sheet.rowCount).toBe(2 + 15);
    expect(workbook.getWorksheet('得分构成')!.rowCount).toBeGreaterThan(15);
  });

  it('keeps the facts the automatic indicators count: a notice closed on time, with the events that opened and closed it', async () => {
    const issued = await call('countySup', 'POST', 'notices', {
      targetOrgId: 't07',
      title: '关于年终督查发现问题限期整改的通知',
      basis: '2026年度党建工作督查',
      items: [{ problem: '三会一课记录不全', requiredAction: '补齐会议记录' }],
      dueDate: '2026-12-28',
    });
    expect(issued.status).toBe(201);
    const id = issued.body.id as string;
    await app.settle();
    expect((await call('clerkT07', 'POST', `notices/${id}/acknowledge`)).status).toBe(200);
    expect((await call('clerkT07', 'POST', `notices/${id}/items/1/rectification`, { evidence: '已补齐' })).status).toBe(200);
    expect((await call('countySup', 'POST', `notices/${id}/items/1/verify`)).status).toBe(200);
    await app.settle();
    const events = await eventsOf(`notice-${id}`);
    const { rows } = await app.database.pool.query(
      'select kind, target_org_id, live_event_id, closed_event_id, closed_at <= original_due_at as on_time from read.assessment_deadlines where stream_id = $1',
      [`notice-${id}`],
    );
    expect(rows).toEqual([{ kind: 'notice', target_org_id: 't07', live_event_id: events[0]!.eventId, closed_event_id: events.at(-1)!.eventId, on_time: true }]);
  });

  it('148 of 171 village branches attain → 86.5 %', async () => {
    await inParallel(VILLAGES, 10, (id) => assess('supT01', id, '2026', Number(id.slice(1)) <= 148 ? 80 : 60));
    const draft = await ranking('supT01', 't01', '2026');
    expect(draft.status).toBe(200);
    expect(draft.body.summary).toMatchObject({ total: 171, attained: 148, failed: 23, attainmentRate: 86.5 });
    expect(draft.body.rows.filter((r: { rank: number }) => r.rank === 1)).toHaveLength(148);
    expect(draft.body.rows.at(-1).rank).toBe(149);
  }, 120_000);
});

describe('assessment scheme configuration', () => {
  it('stops the start on a bad ASSESSMENT_SCHEME, naming the field, before anything connects', () => {
    const start = (scheme: unknown) => () => AppModule.forRoot({ env: { NODE_ENV: 'test', ASSESSMENT_SCHEME: JSON.stringify(scheme) }, worker: false });
    const groups = [
      { key: 'masses', label: '群众评', weight: 30 },
      { key: 'superiors', label: '上级评', weight: 60 },
    ];
    expect(start({ groups })).toThrow(/ASSESSMENT_SCHEME: groups: the weights must add up to 100 \(they add up to 90\)/);
    expect(start({ tiers: { advanced: 70, standard: 75 } })).toThrow(/ASSESSMENT_SCHEME: tiers\.advanced must not be below tiers\.standard/);
    expect(start({ composition: { evaluation: 70, items: 0, indicators: 30 }, indicators: { reportTimeliness: 50, rectificationOnTime: 40, pledgeFulfilment: 20 } })).toThrow(
      /ASSESSMENT_SCHEME: indicators: the weights must add up to 100/,
    );
    expect(start({ weights: {} })).toThrow(/ASSESSMENT_SCHEME: unknown field weights/);
    expect(start({ version: '2027.1', groups: [{ ...groups[0]!, weight: 40 }, groups[1]] })).not.toThrow();
  });
});

import { EventStore } from '@app/event-store';
import { newId } from '@app/kernel';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

const csvHeaders = { 'content-type': 'text/csv; charset=utf-8' };
const eventCount = async (app: TestApp) => (await app.database.pool.query('select count(*)::int as n from es.events')).rows[0].n as number;

describe('organisations: CSV import, tree and timeline (HTTP)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('imports a whole tree in one request, children before their parents in the file', async () => {
    const csv = [
      'id,name,kind,parentId',
      'vil-dongwan,东湾村党支部,village,twp-liuji',
      'twp-liuji,刘集镇党委,township,county',
      '"vil-xiwan","西湾村党支部, 第一",village,twp-liuji',
      'twp-gaozhuang,高庄镇党委,township,county',
      'vil-gaozhuang,高庄村党支部,village,twp-gaozhuang',
    ].join('\r\n');
    const response = await app.request('POST', 'organizations/import', { token: admin, raw: csv, headers: csvHeaders });
    expect(response.status).toBe(201);
    expect(response.body.imported).toBe(5);
    await app.settle();
    const village = await app.request('GET', 'organizations/vil-xiwan', { token: admin });
    expect(village.body).toMatchObject({ name: '西湾村党支部, 第一', parentId: 'twp-liuji', ancestors: ['county', 'twp-liuji'] });
    const children = await app.request('GET', 'organizations?parentId=twp-liuji', { token: admin });
    expect(children.body.map((o: { id: string }) => o.id).sort()).toEqual(['vil-dongwan', 'vil-xiwan']);
  });

  it('refuses a file with bad rows as a whole, with a report per line, and registers nothing', async () => {
    const before = await eventCount(app);
    const csv = [
      'id,name,kind,parentId',
      'vil-ok,好村,village,twp-liuji',
      'vil-dongwan,重复村,village,twp-liuji',
      'vil-orphan,孤村,village,twp-nowhere',
      'vil-kind,怪村,hamlet,twp-liuji',
      'vil-loop-a,甲,village,vil-loop-b',
      'vil-loop-b,乙,village,vil-loop-a',
    ].join('\n');
    const response = await app.request('POST', 'organizations/import', { token: admin, raw: csv, headers: csvHeaders });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const byLine = Object.fromEntries((response.body.errors as Array<{ line: number; code: string }>).map((e) => [e.line, e.code]));
    expect(byLine).toMatchObject({ 3: 'ORG.DUPLICATE', 4: 'ORG.UNKNOWN_PARENT', 5: 'ORG.INVALID_KIND', 6: 'ORG.CYCLE', 7: 'ORG.CYCLE' });
    expect(byLine[2]).toBeUndefined();
    expect(response.body.errors[0]).toEqual(expect.objectContaining({ line: expect.any(Number), code: expect.any(String), message: expect.any(String) }));
    expect(await eventCount(app)).toBe(before);
  });

  it('finds a parent registered a moment ago and an id taken a moment ago, before the tree read model has them', async () => {
    const registered = await app.request('POST', 'organizations', {
      token: admin,
      body: { id: 'twp-fresh', name: '新设镇党委', kind: 'township', parentId: 'county' },
    });
    expect(registered.status).toBe(201);
    // no settle(): the read model may not know twp-fresh yet; the import must read its stream
    const children = ['id,name,kind,parentId', 'vil-fresh-1,新村一,village,twp-fresh'].join('\n');
    const imported = await app.request('POST', 'organizations/import', { token: admin, raw: children, headers: csvHeaders });
    expect(imported.status).toBe(201);
    const again = await app.request('POST', 'organizations/import', { token: admin, raw: children, headers: csvHeaders });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ line: 2, code: 'ORG.DUPLICATE' })]);
  });

  it('refuses a file that is not UTF-8, and a JSON body, without writing', async () => {
    const before = await eventCount(app);
    const gbk = await fetch(`${app.baseUrl}/api/v1/organizations/import`, {
      method: 'POST',
      headers: { ...csvHeaders, authorization: `Bearer ${admin}` },
      body: new Uint8Array([...Buffer.from('id,name,kind,parentId\nvil-g,'), 0xb4, 0xe5, ...Buffer.from(',village,twp-liuji\n')]),
    });
    expect(gbk.status).toBe(422);
    expect(((await gbk.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe('ORG.IMPORT_ENCODING');
    const json = await app.request('POST', 'organizations/import', { token: admin, body: { csv: 'id,name,kind,parentId' } });
    expect(json.status).toBe(400);
    expect(await eventCount(app)).toBe(before);
  });

  it('merges and renames keep history; a merged organisation refuses new commands', async () => {
    expect((await app.request('POST', 'organizations/vil-dongwan/rename', { token: admin, body: { name: '东湾社区党支部' } })).status).toBe(200);
    expect((await app.request('POST', 'organizations/vil-dongwan/merge', { token: admin, body: { intoId: 'vil-xiwan' } })).status).toBe(200);
    const again = await app.request('POST', 'organizations/vil-dongwan/rename', { token: admin, body: { name: '又改名' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORG.MERGED');
    await app.settle();
    const merged = await app.request('GET', 'organizations/vil-dongwan', { token: admin });
    expect(merged.body).toMatchObject({ name: '东湾社区党支部', merged: true, mergedInto: 'vil-xiwan' });
  });

  describe('timeline', () => {
    let viewerOfVillage: string;
    let viewerOfTownship: string;

    beforeAll(async () => {
      for (const [username, orgId] of [
        ['v-village', 'vil-xiwan'],
        ['v-township', 'twp-liuji'],
      ]) {
        const created = await app.request('POST', 'users', { token: admin, body: { username, password: 'password-123', orgId, roles: ['viewer'] } });
        expect(created.status).toBe(201);
      }
      viewerOfVillage = await app.login('v-village', 'password-123');
      viewerOfTownship = await app.login('v-township', 'password-123');

      // Events of other contexts, appended as those contexts would: the notice names both
      // organisations only in its first event; ladder events name none.
      const store = app.app.get(EventStore);
      const noticeId = newId();
      const noticeStreamId = `notice-${noticeId}`;
      const metadata = { actorId: 'system', actorOrgId: null, actorRoles: [], correlationId: newId(), causationId: null };
      const event = (type: string, data: Record<string, unknown>) => ({ eventId: newId(), type, schemaVersion: 1, data, metadata, occurredAt: app.clock.now() });
      // Full event shapes: every other projection (notices, deadlines, the ladder) reads these too.
      const at = app.clock.now().toISOString();
      const dueAt = new Date(app.clock.now().getTime() + 10 * 86_400_000).toISOString();
      const ladder = { kind: 'notice', deadlineVersion: 1, dueAt, targetOrgId: 'vil-xiwan', supervisorOrgId: 'twp-liuji' };
      await store.append(
        noticeStreamId,
        [
          event('NoticeIssued', {
            noticeId, issuerOrgId: 'twp-liuji', targetOrgId: 'vil-xiwan', issuedBy: 'system', title: '整改通知', basis: null,
            severity: 'normal', items: [{ id: '1', problem: '三会一课记录不全', requiredAction: '补齐记录' }], dueAt, calendarVersion: null, at,
          }),
          event('NoticeAcknowledged', { acknowledgedBy: 'system', at, dueAt, late: false }),
        ],
        'no_stream',
      );
      await store.append(noticeStreamId, [event('ReminderSent', { ...ladder, remindBeforeMs: 3 * 86_400_000 })], 1);
      await store.append(noticeStreamId, [event('WarningIssued', { ...ladder, level: 2 })], 2);
      await store.append('conversation-c1', [event('ConversationProposed', { conversationId: 'c1', targetOrgId: 'vil-xiwan', reason: '排名末位' })], 'no_stream');
      await app.settle();
    });

    const types = (body: { entries: Array<{ type: string }> }) => body.entries.map((e) => e.type);

    it('shows every event about the organisation and its subjects, newest first', async () => {
      const response = await app.request('GET', 'orgs/vil-xiwan/timeline', { token: viewerOfVillage });
      expect(response.status).toBe(200);
      expect(types(response.body).slice(0, 5)).toEqual(['ConversationProposed', 'WarningIssued', 'ReminderSent', 'NoticeAcknowledged', 'NoticeIssued']);
      expect(types(response.body)).toEqual(expect.arrayContaining(['OrganizationRegistered', 'OrganizationMerged']));
      const positions = response.body.entries.map((e: { position: number }) => e.position);
      expect([...positions].sort((a, b) => b - a)).toEqual(positions);
    });

    it('puts a notice on the issuer’s timeline too, but not the conversation proposed for the target', async () => {
      const response = await app.request('GET', 'orgs/twp-liuji/timeline', { token: viewerOfTownship });
      expect(types(response.body)).toEqual(expect.arrayContaining(['NoticeIssued', 'ReminderSent', 'WarningIssued']));
      expect(types(response.body)).not.toContain('ConversationProposed');
    });

    it('pages with limit and before', async () => {
      const first = await app.request('GET', 'orgs/vil-xiwan/timeline?limit=2', { token: viewerOfVillage });
      expect(types(first.body)).toEqual(['ConversationProposed', 'WarningIssued']);
      const second = await app.request('GET', `orgs/vil-xiwan/timeline?limit=2&before=${first.body.nextBefore}`, { token: viewerOfVillage });
      expect(types(second.body)).toEqual(['ReminderSent', 'NoticeAcknowledged']);
      expect((await app.request('GET', 'orgs/vil-xiwan/timeline?limit=0', { token: viewerOfVillage })).status).toBe(400);
    });

    it('is scoped: a village cannot read its township’s timeline (404)', async () => {
      expect((await app.request('GET', 'orgs/twp-liuji/timeline', { token: viewerOfVillage })).status).toBe(404);
      expect((await app.request('GET', 'orgs/twp-gaozhuang/timeline', { token: viewerOfTownship })).status).toBe(404);
    });

    it('never shows a password hash', async () => {
      const county = await app.request('GET', 'orgs/county/timeline?limit=200', { token: admin });
      expect(types(county.body)).toContain('UserCreated');
      expect(county.text).not.toMatch(/password/i);
    });
  });
});

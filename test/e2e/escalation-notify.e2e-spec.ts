import { jest } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventStore } from '@app/event-store';
import { NotificationsModule } from '@app/notifications';
import { Database } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { extraModules, ladderEnv, startLadderHttp } from './escalation-support/ladder-app.js';
import { openSubject } from './escalation-support/pledge-test-source.js';
import { deletePrefixKeys, FULL_LADDER_V1, ladderTrail, uniquePrefix, waitFor } from './escalation-support/helpers.js';

jest.setTimeout(60_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  answered: number;
}

/** A local receiver standing in for the generic webhook and the WeCom robot; it fails every first attempt of a key. */
async function receiver(): Promise<{ server: Server; url: string; requests: Received[] }> {
  const requests: Received[] = [];
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const first = !seen.has(key);
      seen.add(key);
      const status = first ? 503 : 200;
      requests.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text), answered: status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/wecom') && !first ? '{"errcode":0,"errmsg":"ok"}' : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('notifications: the inbox and webhooks from an outbox', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const prefix = uniquePrefix('ntf');
  const base = () => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;

  beforeAll(async () => {
    database = await createTestDatabase();
    hook = await receiver();
    extraModules.push((env, worker) => NotificationsModule.forRoot({ worker, env }));
    app = await startLadderHttp(
      ladderEnv(database.url, prefix, {
        NOTIFY_WEBHOOKS: JSON.stringify({ 'twp-a': { url: `${hook.url}/generic`, format: 'json' }, county: { url: `${hook.url}/wecom?key=k`, format: 'wecom' } }),
        NOTIFY_POLL_MS: '100',
        NOTIFY_RETRY_BASE_MS: '200',
        // A read after a write waits for the read models (the inbox's read marks are the projection's), as in the other HTTP tests.
        READ_WAIT_MS: '15000',
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    hook?.server.close();
    await deletePrefixKeys(REDIS_URL, prefix);
    await database?.drop();
  });

  it('tells each organisation once per step, in the inbox and by webhook, retrying with the same Idempotency-Key', async () => {
    const store = app.get(EventStore);
    const id = randomUUID();
    await openSubject(store, id, new Date(Date.now() + 3_000));
    await waitFor(async () => (await ladderTrail(store, id)).length === 4, 20_000, 'the whole ladder');
    expect(await ladderTrail(store, id)).toEqual(FULL_LADDER_V1);

    // target twp-a: reminder, overdue, warning, escalation; supervisor county: overdue, warning, escalation, to-do.
    await waitFor(async () => hook.requests.filter((r) => r.answered === 200).length === 8, 15_000, 'eight deliveries');
    // Every outbox row settled (sent or given up): a ninth delivery would have happened by now.
    await waitFor(async () => (await app.get(Database).pool.query(`select 1 from read.notification_outbox where status = 'pending'`)).rowCount === 0, 15_000, 'the outbox to settle');
    const ok = hook.requests.filter((r) => r.answered === 200);
    expect(ok).toHaveLength(8);
    const keys = ok.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(8);
    // Every delivered key was first refused once and retried with the same key.
    for (const key of keys) expect(hook.requests.filter((r) => r.headers['idempotency-key'] === key).map((r) => r.answered)).toEqual([503, 200]);

    const generic = ok.filter((r) => r.path === '/generic').map((r) => r.body.kind).sort();
    expect(generic).toEqual(['escalation', 'overdue', 'reminder', 'warning']);
    const wecom = ok.filter((r) => r.path.startsWith('/wecom'));
    expect(wecom).toHaveLength(4);
    for (const r of wecom) {
      expect(Object.keys(r.body)).toEqual(['msgtype', 'text']);
      expect(r.body.msgtype).toBe('text');
      expect(r.body.text.content).toContain(`subject ${id}`);
    }
    expect(wecom.map((r) => r.body.text.content).join('\n')).toContain('【待办】');

    // The inbox of the target organisation: unread, then read (twice: still one event).
    // The users the tokens name exist (the token guard checks each user's standing in its stream).
    await Promise.all(
      [['clerk-a', 'twp-a'], ['clerk-b', 'twp-b']].map(([username, orgId]) =>
        app.get(EventStore).append(`user-${username}`, [{
          eventId: randomUUID(), type: 'UserCreated', schemaVersion: 1, occurredAt: new Date(),
          data: { username, passwordHash: '$2b$10$KWparIdU.Z8tpTMYC2z9ougfPYmRyCaJu72GqsTL2J2flkYKXbe7m', orgId, roles: ['clerk'], at: new Date().toISOString() },
          metadata: { actorId: 'test', actorOrgId: null, actorRoles: [], correlationId: 'test', causationId: null },
        }], 'no_stream'),
      ),
    );
    const jwt = app.get(JwtService);
    const token = await jwt.signAsync({ sub: 'clerk-a', username: 'clerk-a', orgId: 'twp-a', roles: ['clerk'] });
    const auth = { authorization: `Bearer ${token}` };
    const inbox: any = await (await fetch(`${base()}/inbox`, { headers: auth })).json();
    expect(inbox.unread).toBe(4);
    expect(inbox.items.map((i: { kind: string }) => i.kind)).toEqual(['escalation', 'warning', 'overdue', 'reminder']);
    expect(inbox.items[3]).toMatchObject({ title: `subject ${id}`, read: false, subjectKind: 'pledge' });
    expect(inbox.items[3].text).toContain('【催办】');

    const item = inbox.items[0].id as string;
    const first = await fetch(`${base()}/inbox/${item}/read`, { method: 'POST', headers: auth });
    expect(first.status).toBe(200);
    const again = await fetch(`${base()}/inbox/${item}/read`, { method: 'POST', headers: auth });
    expect(((await again.json()) as { revision: number }).revision).toBe(0);
    const after: any = await (await fetch(`${base()}/inbox?unread=true`, { headers: auth })).json();
    expect(after.unread).toBe(3);
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(item);

    // Another organisation's item is not found for this caller.
    const other = await jwt.signAsync({ sub: 'clerk-b', username: 'clerk-b', orgId: 'twp-b', roles: ['clerk'] });
    const foreign = await fetch(`${base()}/inbox/${inbox.items[1].id}/read`, { method: 'POST', headers: { authorization: `Bearer ${other}` } });
    expect(foreign.status).toBe(404);
  });
});

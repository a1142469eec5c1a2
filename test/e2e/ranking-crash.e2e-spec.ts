import { apiAndWorker } from '../support/process.js';
import { waitFor } from './escalation-support/helpers.js';

/*
 * Publishing a ranking with the worker killed (SIGKILL) while it carries out the consequences:
 * production's shape (start:api and start:worker, compiled), one county ranking of 60 townships,
 * all 先进, so carrying it out is some 65 commands (three commendations, 60 plaques, one
 * conversation with the bottom, one backward designation). The worker is killed once the first
 * plaque is in the store and before the last; the restarted worker carries out the rest, and
 * every consequence is there exactly once.
 */
const TOWNSHIPS = Array.from({ length: 60 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
const GROUPS = ['masses', 'members', 'peers', 'deputies', 'superiors'];

describe('a worker killed while it carries out a published ranking', () => {
  const processes = apiAndWorker('rankcrash');

  beforeAll(() => processes.prepare(), 300_000);
  afterAll(() => processes.dispose());

  it('is restarted, and every consequence appears exactly once: one conversation, three commendations, one plaque each', async () => {
    const { database } = processes;
    const startWorker = () => processes.startWorker();
    let worker = await startWorker();
    const api = await processes.startApi();
    const base = processes.apiBase;
    const call = async (token: string | null, method: string, path: string, body?: unknown, contentType = 'application/json') => {
      const response = await fetch(`${base}/${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const signIn = async (username: string, password: string) => (await call(null, 'POST', 'auth/login', { username, password })).body.accessToken as string;

    const admin = await signIn('admin', 'admin-password-1');
    const csv = ['id,name,kind,parentId', ...TOWNSHIPS.map((id) => `${id},${id}镇党委,township,county`)].join('\n');
    expect((await call(admin, 'POST', 'organizations/import', csv, 'text/csv')).status).toBeLessThan(300);
    expect((await call(admin, 'POST', 'users', { username: 'county-sup', password: 'county-sup-pass-1', orgId: 'county', roles: ['supervisor'] })).status).toBe(201);
    const sup = await signIn('county-sup', 'county-sup-pass-1');
    // Every township 先进 (90 and up), t60 the lowest: the bottom, below the top three.
    for (const [i, id] of TOWNSHIPS.entries()) {
      const groups = GROUPS.map((group) => ({ group, score: 96 - i / 10, evaluators: 20 }));
      expect((await call(sup, 'POST', `assessments/${id}/2026/scores`, { groups })).status).toBe(200);
      expect((await call(sup, 'POST', `assessments/${id}/2026/finalize`)).status).toBe(200);
    }
    const count = async (type: string) => Number((await database.pool.query('select count(*) from es.events where type = $1', [type])).rows[0].count);

    // The worker is stopped while the ranking is published, so it meets the event on its restart.
    worker.child.kill('SIGKILL');
    await worker.exited;
    const published = await call(sup, 'POST', 'rankings/county/2026/publish');
    expect(published.status).toBe(200);
    expect(published.body.consequences.plaquesAwarded).toHaveLength(TOWNSHIPS.length);
    expect(published.body.consequences.conversations).toHaveLength(1);

    worker = await startWorker();
    const plaquesAtKill = await waitFor(async () => {
      const plaques = await count('PlaqueAwarded');
      return plaques > 0 ? plaques : undefined;
    }, 30_000, 'the first plaque', 2);
    worker.child.kill('SIGKILL');
    await worker.exited;
    const plaquesAfterKill = await count('PlaqueAwarded');
    // Killed mid-way: some consequences carried out, not all.
    expect(plaquesAtKill).toBeGreaterThan(0);
    expect(plaquesAfterKill).toBeLessThan(TOWNSHIPS.length);

    worker = await startWorker();
    await waitFor(async () => (await count('OrganizationDesignatedBackward')) > 0 || undefined, 30_000, 'the rest of the consequences');
    // The reactor's checkpoint is stored after its effects: wait until it has passed the ranking event.
    await waitFor(
      async () => {
        const { rows } = await database.pool.query(
          `select 1 from read.checkpoints c, es.events e
            where c.name = 'ranking-consequences' and e.type = 'RankingPublished' and (c.commit_pos::bigint, c.prepare_pos) >= (e.transaction_id::text::bigint, e.global_position)`,
        );
        return rows.length > 0 || undefined;
      },
      30_000,
      'the reactor to store its checkpoint',
    );
    expect(await count('PlaqueAwarded')).toBe(TOWNSHIPS.length);
    expect(await count('OrganizationCommended')).toBe(3);
    expect(await count('ConversationProposed')).toBe(1);
    expect(await count('OrganizationDesignatedBackward')).toBe(1);
    const conversation = await call(sup, 'GET', `conversations/${published.body.consequences.conversations[0].conversationId}`);
    expect(conversation.body).toMatchObject({ targetOrgId: 't60', status: 'proposed' });

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  }, 240_000);
});

import { recordedEvent } from '../../../kernel/src/testing/recorded-event.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { TimelineProjection } from './timeline.projection.js';

describe('TimelineProjection (PostgreSQL): where each event is, per organisation it concerns', () => {
  let database: TestDatabase;
  const timeline = async () =>
    (await database.pool.query<{ org_id: string; global_position: string; stream_id: string; stream_revision: string }>(
      'select org_id, global_position, stream_id, stream_revision from read.timeline order by global_position, org_id',
    )).rows.map((r) => [r.org_id, Number(r.global_position), r.stream_id, Number(r.stream_revision)]);

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('files a subject’s later events under the organisations of its first, with their stream and revision', async () => {
    const projection = new TimelineProjection();
    const client = await database.pool.connect();
    try {
      await projection.setup(client);
      const issued = recordedEvent('notice-1', 0, 'NoticeIssued', { issuerOrgId: 'twp', targetOrgId: 'vil' });
      await projection.apply([issued, recordedEvent('org-x', 0, 'Unrelated', {})], client);
      await projection.apply([recordedEvent('notice-1', 1, 'ReminderSent', {}), recordedEvent('notice-1', 2, 'Moved', { orgId: 'other' })], client);
      const first = Number(issued.globalPosition);
      const [second, third] = [first + 2, first + 3]; // org-x's event, on no timeline, is first + 1
      expect(await timeline()).toEqual([
        ['twp', first, 'notice-1', 0],
        ['vil', first, 'notice-1', 0],
        ['twp', second, 'notice-1', 1],
        ['vil', second, 'notice-1', 1],
        ['other', third, 'notice-1', 2],
        ['twp', third, 'notice-1', 2],
        ['vil', third, 'notice-1', 2],
      ]);
    } finally {
      client.release();
    }
  });

  it('replaces an older shape (entries copied from the log) and replays from the start, keeping other checkpoints', async () => {
    await database.pool.query(`
      create schema read;
      create table read.checkpoints (name text primary key, position text not null);
      insert into read.checkpoints values ('access.timeline', '0/9'), ('deadlines', '0/9');
      create table read.timeline_entries (global_position bigint primary key, summary json not null);
      create table read.timeline (org_id text not null, global_position bigint not null, primary key (org_id, global_position));
      create table read.timeline_subjects (stream_id text primary key, org_ids text[] not null);
      insert into read.timeline values ('twp', 9);
      insert into read.timeline_subjects values ('notice-1', '{twp}');`);
    const client = await database.pool.connect();
    try {
      await new TimelineProjection().setup(client);
      await new TimelineProjection().setup(client); // again: the new shape is kept as it is
    } finally {
      client.release();
    }
    const tables = await database.pool.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'read' order by 1`);
    expect(tables.rows.map((r) => r.name)).toEqual(['checkpoints', 'timeline', 'timeline_subjects']);
    expect((await database.pool.query('select name from read.checkpoints')).rows).toEqual([{ name: 'deadlines' }]);
    expect(await timeline()).toEqual([]);
    expect((await database.pool.query('select * from read.timeline_subjects')).rows).toEqual([]);
  });
});

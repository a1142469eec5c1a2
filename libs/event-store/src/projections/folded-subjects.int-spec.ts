import { recordedEvent } from '../../../kernel/src/testing/recorded-event.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { FoldedSubjectsProjection } from './folded-subjects.projection.js';
import { SharedFolds } from './shared-folds.js';

interface Letter {
  id: string | null;
  notes: string[];
  startedAt: Date | null;
}

const letterDecider = {
  initialState: (): Letter => ({ id: null, notes: [], startedAt: null }),
  evolve: (state: Letter, event: { type: string; data: any }): Letter =>
    event.type === 'Drafted' ? { ...state, id: event.data.id, startedAt: new Date(event.data.at) } : { ...state, notes: [...state.notes, event.data.note] },
};

describe('FoldedSubjectsProjection (PostgreSQL): states kept as json text beside the rows', () => {
  let database: TestDatabase;
  const projection = () =>
    new FoldedSubjectsProjection<Letter, never>('letters.list', 'letter', 'letters', letterDecider as never, (s) =>
      s.id && s.startedAt ? { id: s.id, targetOrgId: 'village', supervisorOrgId: 'township', status: `notes:${s.notes.length}`, startedAt: s.startedAt } : null,
    );
  const rows = async () =>
    (await database.pool.query<{ id: string; status: string; revision: number; state: unknown }>('select id, status, revision, state from read.letters order by id')).rows;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('folds a subject across batches from the state it stored, each row with its own state, whatever its text holds', async () => {
    const letters = projection();
    const awkward = 'quote " backslash \\ tab \t newline \n 三会一课 \u001e (the separator of joinJsonTexts)';
    const client = await database.pool.connect();
    try {
      await letters.setup(client);
      await letters.apply(
        [
          recordedEvent('letter-a', 0, 'Drafted', { id: 'a', at: '2026-01-01T00:00:00.000Z' }),
          recordedEvent('letter-b', 0, 'Drafted', { id: 'b', at: '2026-02-01T00:00:00.000Z' }),
          recordedEvent('letter-a', 1, 'Noted', { note: awkward }),
        ],
        client,
      );
      // The next batch reads each state back (json text -> decoded, Dates revived) and goes on from it.
      // A rebuild's projection holds its rows until flushed.
      const rebuilding = letters.forRebuild(new SharedFolds());
      await rebuilding.apply([recordedEvent('letter-b', 1, 'Noted', { note: 'one' }), recordedEvent('letter-b', 2, 'Noted', { note: 'two' })], client);
      await rebuilding.flush!(client);
    } finally {
      client.release();
    }
    expect(await rows()).toEqual([
      { id: 'a', status: 'notes:1', revision: 1, state: { id: 'a', notes: [awkward], startedAt: { $date: '2026-01-01T00:00:00.000Z' } } },
      { id: 'b', status: 'notes:2', revision: 2, state: { id: 'b', notes: ['one', 'two'], startedAt: { $date: '2026-02-01T00:00:00.000Z' } } },
    ]);
  });

  it('converts a table of the jsonb shape in place on setup, its rows kept', async () => {
    await database.pool.query(`create schema if not exists read;
      create table read.letters (id text primary key, stream_id text not null unique, target_org_id text not null, supervisor_org_id text,
        status text not null, started_at timestamptz not null, revision integer not null, state jsonb not null);
      insert into read.letters values ('a', 'letter-a', 'village', 'township', 'notes:0', '2026-01-01', 0,
        '{"id":"a","notes":[],"startedAt":{"$date":"2026-01-01T00:00:00.000Z"}}')`);
    const letters = projection();
    const client = await database.pool.connect();
    try {
      await letters.setup(client);
      await letters.setup(client); // idempotent
      await letters.apply([recordedEvent('letter-a', 1, 'Noted', { note: 'after' })], client);
    } finally {
      client.release();
    }
    const { rows: types } = await database.pool.query(`select data_type from information_schema.columns where table_schema = 'read' and table_name = 'letters' and column_name = 'state'`);
    expect(types).toEqual([{ data_type: 'json' }]);
    expect(await rows()).toEqual([{ id: 'a', status: 'notes:1', revision: 1, state: { id: 'a', notes: ['after'], startedAt: { $date: '2026-01-01T00:00:00.000Z' } } }]);
  });
});

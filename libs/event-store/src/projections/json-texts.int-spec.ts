import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { jsonColumnWhenEmpty } from './json-texts.js';

describe('jsonColumnWhenEmpty (PostgreSQL)', () => {
  let database: TestDatabase;
  const typeOf = async () =>
    (
      await database.pool.query<{ data_type: string }>(
        `select data_type from information_schema.columns where table_schema = 'read' and table_name = 'entries' and column_name = 'summary'`,
      )
    ).rows[0]?.data_type;

  beforeEach(async () => {
    database = await createTestDatabase();
    await database.pool.query(`create schema if not exists read; create table read.entries (id int primary key, summary jsonb not null)`);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('leaves a table with rows as it is, and converts it once emptied (as a rebuild empties it)', async () => {
    await database.pool.query(`insert into read.entries values (1, '{"b": 1, "a": "三会一课"}')`);
    await database.pool.query(jsonColumnWhenEmpty('entries', 'summary'));
    expect(await typeOf()).toBe('jsonb');

    await database.pool.query(`truncate read.entries; ${jsonColumnWhenEmpty('entries', 'summary')}`);
    expect(await typeOf()).toBe('json');
    await database.pool.query(jsonColumnWhenEmpty('entries', 'summary')); // a json column: nothing to do
    // json keeps the text as written (key order included); read back as the same value.
    await database.pool.query(`insert into read.entries values (2, '{"b":1,"a":"三会一课"}')`);
    expect((await database.pool.query('select summary from read.entries')).rows).toEqual([{ summary: { b: 1, a: '三会一课' } }]);
  });

  it('refuses a name that is not a plain identifier', () => {
    expect(() => jsonColumnWhenEmpty('entries; drop table x', 'summary')).toThrow(/Bad read-model column/);
  });
});

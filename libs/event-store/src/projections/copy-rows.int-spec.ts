import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { copyField, copyLine, copyRows } from './copy-rows.js';

describe('copyRows (PostgreSQL COPY, text format)', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
    await database.pool.query('create table copied (id bigint primary key, label text, at timestamptz, doc jsonb)');
  });
  afterEach(async () => {
    await database.drop();
  });

  it('stores every field as given: backslashes, tabs, newlines, JSON escapes, nulls, non-ASCII text', async () => {
    const doc = { quote: 'say "hi"', path: 'C:\\dir', lines: 'a\nb\tc', chinese: '三会一课', nested: [1, { deep: null }] };
    const label = 'tab\there, newline\nthere, back\\slash, carriage\rreturn, \\N looks like null';
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await copyRows(client, 'copied', ['id', 'label', 'at', 'doc'], [
        copyLine(1n, label, '2026-03-01T08:00:00.123Z', JSON.stringify(doc)),
        copyLine(2, null, null, '{}'),
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { rows } = await database.pool.query('select id::int, label, at, doc from copied order by id');
    expect(rows).toEqual([
      { id: 1, label, at: new Date('2026-03-01T08:00:00.123Z'), doc },
      { id: 2, label: null, at: null, doc: {} },
    ]);
  });

  it('fails the transaction on a bad row, leaving nothing of the copy', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await expect(copyRows(client, 'copied', ['id', 'doc'], [copyLine(1, '{}'), copyLine(1, '{}')])).rejects.toThrow(/duplicate key/);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect((await database.pool.query('select count(*)::int as n from copied')).rows[0]).toEqual({ n: 0 });
  });

  it('writes nothing and sends nothing for no rows', async () => {
    const client = await database.pool.connect();
    try {
      await copyRows(client, 'no_such_table', ['id'], []);
    } finally {
      client.release();
    }
  });

  it('escapes only what the text format needs', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('plain')).toBe('plain');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyLine('x', 7, null)).toBe('x\t7\t\\N');
  });
});

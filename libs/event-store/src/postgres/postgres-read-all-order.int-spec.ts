import { newId } from '@app/kernel';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { PostgresEventStore } from './postgres-event-store.js';

/*
 * The global order is (transaction id, position) compared as numbers. Transaction ids gain a
 * digit now and then (99 -> 100, 999999 -> 1000000); compared as text, '100' sorts before '99'
 * and a reader would move its position past the events of transaction 99 without reading them.
 * The rows are written with explicit transaction ids, both far below any live one.
 */
describe('postgres event store: global order when transaction ids gain a digit', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.create(database.pool, { listen: false });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  async function insertAt(transactionId: number, streamId: string, type: string): Promise<void> {
    await database.pool.query(
      `insert into es.events (transaction_id, stream_id, stream_revision, category, event_id, type, schema_version, data, metadata, occurred_at)
       values ($1::text::xid8, $2, 0, split_part($2, '-', 1), $3, $4, 1, '{}', '{"actorId":"u-1"}', now())`,
      [String(transactionId), streamId, newId(), type],
    );
  }

  it('reads transaction 99 before transaction 100, also one event per page', async () => {
    await insertAt(100, `notice-${newId()}`, 'OfHundred');
    await insertAt(99, `notice-${newId()}`, 'OfNinetyNine');

    const whole = await store.readAll({ maxCount: 10 });
    expect(whole.events.map((e) => e.type)).toEqual(['OfNinetyNine', 'OfHundred']);

    const first = await store.readAll({ maxCount: 1 });
    const second = await store.readAll({ after: first.lastPosition, maxCount: 1 });
    expect([...first.events, ...second.events].map((e) => e.type)).toEqual(['OfNinetyNine', 'OfHundred']);
  });

  it('moves a filtered reader to the newest event by number, not by text', async () => {
    await insertAt(99, `notice-${newId()}`, 'Kept');
    await insertAt(100, `other-${newId()}`, 'FilteredOut');

    const page = await store.readAll({ categories: ['notice'], maxCount: 10 });

    expect(page.events.map((e) => e.type)).toEqual(['Kept']);
    expect(page.lastPosition?.commit).toBe(100n);
    expect(page.hasMore).toBe(false);
  });
});

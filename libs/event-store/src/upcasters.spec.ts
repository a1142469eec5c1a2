import { newId } from '@app/kernel';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
import { event } from './testing/event-store.contract.js';
import { EventUpcasters } from './upcasters.js';

describe('upcasters', () => {
  it('lift old events step by step as they are read, never rewriting what is stored', async () => {
    const upcasters = new EventUpcasters()
      .register('NoticeIssued', 1, (data) => ({ ...data, severity: data.severity ?? 'normal' }))
      .register('NoticeIssued', 2, ({ due, ...rest }) => ({ ...rest, dueAt: due }));
    const store = new InMemoryEventStore(upcasters);
    const id = `notice-${newId()}`;
    await store.append(id, [event('NoticeIssued', { title: '整改', due: '2026-12-01T00:00:00Z' })], 'no_stream');
    const [read] = await store.readStream(id);
    expect(read!.schemaVersion).toBe(3);
    expect(read!.data).toEqual({ title: '整改', severity: 'normal', dueAt: '2026-12-01T00:00:00Z' });
    const [fromAll] = (await store.readAll()).events;
    expect(fromAll!.data).toEqual(read!.data);
    // Reading twice gives the same result: the stored event itself was not changed.
    expect((await store.readStream(id))[0]!.data).toEqual(read!.data);
  });
});

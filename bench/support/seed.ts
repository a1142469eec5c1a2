import type { AppendRequest, EventStore } from '@app/event-store';

/**
 * Appends the requests (one per stream) in atomic batches of `chunk` streams, `parallel` batches
 * at once: how the benches load their data quickly. Seeding is not what they measure.
 */
export async function appendInChunks(store: EventStore, requests: AppendRequest[], chunk = 500, parallel = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let from = (next += chunk) - chunk; from < requests.length; from = (next += chunk) - chunk) {
        await store.appendAtomically(requests.slice(from, from + chunk));
      }
    }),
  );
}

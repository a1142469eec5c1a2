import type { EventStore } from '../event-store.port.js';
import type { EventUpcasters } from '../upcasters.js';

/**
 * The KurrentDB adapter, loaded only when EVENT_STORE=kurrentdb chooses it: the index does not
 * export the adapter module, so its gRPC client is not even loaded in a process on PostgreSQL.
 */
export async function connectKurrentDb(url: string, options: { upcasters?: EventUpcasters } = {}): Promise<EventStore> {
  const { KurrentDbEventStore } = await import('./kurrentdb-event-store.js');
  return KurrentDbEventStore.connect(url, options);
}

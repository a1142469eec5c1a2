import { Global, Module, Logger, type OnApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/kernel';
import { connectKurrentDb, EventStore, EventUpcasters, PostgresEventStore } from '@app/event-store';
import { Database, DatabaseLifecycle } from './database.js';
import { ProjectionHost, ProjectionRegistry } from './projection-host.js';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

async function createEventStore(config: AppConfig, database: Database, upcasters: EventUpcasters): Promise<EventStore> {
  // The adapter module (and its gRPC client) is loaded only when chosen.
  if (config.eventStore === 'kurrentdb') return connectKurrentDb(config.kurrentdbUrl!, { upcasters });
  return PostgresEventStore.create(database.pool, { upcasters });
}

/** The event store chosen by EVENT_STORE, the read-model database, and the projection host. */
@Global()
@Module({
  providers: [
    { provide: Database, inject: [AppConfig], useFactory: (config: AppConfig) => Database.connect(config, new Logger('Database')) },
    // Contexts register upcasters (old schemaVersion -> new shape) in onModuleInit; they apply on every read.
    { provide: EventUpcasters, useValue: new EventUpcasters() },
    { provide: EventStore, inject: [AppConfig, Database, EventUpcasters], useFactory: createEventStore },
    DatabaseLifecycle,
    EventStoreLifecycle,
    ProjectionRegistry,
    ProjectionHost,
  ],
  exports: [Database, EventStore, EventUpcasters, ProjectionRegistry, ProjectionHost],
})
export class PersistenceModule {}

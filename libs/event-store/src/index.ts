export * from './event-store.port.js';
export * from './upcasters.js';
export * from './polling-subscription.js';
export * from './in-memory/in-memory-event-store.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/embedded-postgres.js';

export * from './event-store.port.js';
export * from './upcasters.js';
export * from './polling-subscription.js';
export * from './in-memory/in-memory-event-store.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/embedded-postgres.js';
export * from './projections/projection.js';
export * from './projections/runner.js';
export * from './projections/checkpoint-store.js';
export * from './projections/rebuild-together.js';
export * from './projections/folded-subjects.projection.js';
export * from './projections/shared-folds.js';
export * from './projections/subject-rows.js';
export * from './projections/copy-rows.js';
export * from './projections/json-texts.js';
// The KurrentDB adapter itself is not exported: connectKurrentDb loads it when it is chosen.
export * from './kurrentdb/connect-kurrentdb.js';

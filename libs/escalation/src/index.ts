export * from './domain/ladder.js';
export * from './domain/ladder.decider.js';
export * from './deadlines/deadline-source.js';
export * from './deadlines/state-codec.js';
export * from './deadlines/deadlines.projection.js';
export * from './deadlines/deadline-board.query.js';
export * from './escalation.module.js';

export * from './domain/ladder.js';
export * from './domain/ladder.decider.js';

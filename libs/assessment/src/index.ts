export * from './domain/scheme.js';
export * from './domain/scoring.js';
export * from './domain/assessment.decider.js';
export * from './domain/ranking.decider.js';
export * from './application/assessment-settings.js';
export * from './application/ranking-reader.js';
export * from './facts/assessment-facts.projection.js';
export * from './assessment.module.js';

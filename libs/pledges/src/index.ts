export * from './domain/pledge.commands.js';
export * from './domain/pledge.events.js';
export * from './domain/pledge.decider.js';
export * from './application/pledge-deadline-source.js';
export * from './get-pledge/pledge-view.js';
export * from './take-over-commitments/commitments.reactor.js';
export * from './pledges.module.js';

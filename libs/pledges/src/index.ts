export * from './domain/pledge.commands.js';
export * from './domain/pledge.events.js';
export * from './domain/pledge.decider.js';
export * from './application/pledge-deadline-source.js';
export * from './read-models/pledge-view.js';
export * from './pledges.module.js';

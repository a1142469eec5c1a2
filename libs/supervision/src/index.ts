export * from './domain/notice.commands.js';
export * from './domain/notice.events.js';
export * from './domain/notice.decider.js';
export * from './domain/notice.due.js';

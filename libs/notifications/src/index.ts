export * from './domain/inbox-items.js';
export * from './domain/inbox.decider.js';
export * from './domain/notification-text.js';
export * from './read-models/inbox.projection.js';
export * from './send-notifications/notifier.js';
export * from './send-notifications/outbox-dispatcher.js';
export * from './notifications.module.js';

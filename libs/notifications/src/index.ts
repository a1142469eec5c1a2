export * from './inbox.projection.js';
export * from './notifier.js';
export * from './notification-text.js';
export * from './outbox-dispatcher.js';
export * from './inbox.http.controller.js';
export * from './notifications.module.js';

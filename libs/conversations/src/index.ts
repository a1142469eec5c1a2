export * from './domain/conversation.commands.js';
export * from './domain/conversation.events.js';
export * from './domain/conversation.decider.js';
export * from './read-models/conversation-view.js';
export * from './conversations.module.js';

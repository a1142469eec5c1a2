export * from './domain/conversation.commands.js';
export * from './domain/conversation.events.js';
export * from './domain/conversation.decider.js';
export * from './get-conversation/conversation-view.js';
export * from './recommend-adjustment/not-improved.reactor.js';
export * from './conversations.module.js';

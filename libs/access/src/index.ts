export * from './domain/authorization.js';

export * from './domain/authorization.js';
export * from './domain/organization.rules.js';
export * from './domain/organization.decider.js';
export * from './domain/user.decider.js';
export * from './application/organization-directory.js';
export * from './application/subject-access.js';
export * from './application/scoped-subjects.js';
export * from './access.module.js';

export * from './domain/period.js';
export * from './domain/reporting-duties.js';
export * from './domain/report-prefill.js';
export * from './domain/report.decider.js';

export * from './time-zone.js';
export * from './calendar.js';
export * from './calendar.loader.js';

import { exitOnStartFailure, startHttp } from './start.js';

// The API alone: projections and jobs run in the worker (npm run start:worker) against the
// same DATABASE_URL, so both processes must share one server (the embedded one is per process).
if (!process.env.DATABASE_URL && process.env.EVENT_STORE !== 'kurrentdb') {
  exitOnStartFailure(new Error('start:api needs DATABASE_URL (shared with the worker). For a single process on the embedded PostgreSQL use "npm start".'));
}
startHttp({ worker: false, background: false }).catch(exitOnStartFailure);

import { exitOnStartFailure, startHttp } from '../../api/src/start.js';

// `npm start`: API and worker in one process; with DATABASE_URL unset, on the embedded PostgreSQL.
startHttp({ worker: true, background: true }).catch(exitOnStartFailure);

// A ladder worker as its own process (the crash test kills it with SIGKILL). Env: DATABASE_URL, QUEUE_PREFIX, ...
import { startLadderWorker } from './ladder-app.js';

const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
const app = await startLadderWorker(env);
app.enableShutdownHooks();
process.stdout.write('ready\n');

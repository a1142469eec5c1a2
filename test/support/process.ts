import { execSync } from 'node:child_process';
import { runNode as runNodeIn, type RunningProcess } from '../../bench/support/process.js';

export { freePort, type RunningProcess } from '../../bench/support/process.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The compiled app (dist/) is what `npm start` runs; build it (incrementally) once per test file.
 * Only the server by default: Vite refuses a second build of the same project at the same time
 * (test files run in parallel), and only the browser tests need the web app (`web: true`).
 */
export function buildOnce(options: { web?: boolean } = {}): void {
  execSync('npm run build:server --silent', { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  if (options.web) execSync('npm run build:web --silent', { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
}

/** Runs a compiled entry point of this repository with a clean environment plus `env`. */
export function runNode(script: string, env: Record<string, string>): RunningProcess {
  return runNodeIn(script, env, ROOT);
}

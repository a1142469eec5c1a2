import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A port that is free now, picked below the kernel's ephemeral range (32768+): a port the kernel
 * handed out for listening can be taken by an outgoing connection (the tests make thousands)
 * before the server we start binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.unref();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Runs a compiled entry point (relative to `cwd`) with a clean environment plus `env`. */
/**
 * Node flags of the worker as deployed (package.json's start, start:worker, docker/Dockerfile): a
 * young generation of 32 MB semi-spaces: the worker's garbage is nearly all short-lived (event rows,
 * folded states, job payloads); garbage collection 21 → 17 % of its busy time in bench:burst.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=32'];

export function runNode(script: string, env: Record<string, string>, cwd = process.cwd(), nodeFlags: string[] = []): RunningProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'EVENT_STORE'].includes(k)),
  ) as Record<string, string>;
  const child = spawn(process.execPath, [...nodeFlags, script], { cwd, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const started = Date.now();
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${output.slice(-3000)}`);
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

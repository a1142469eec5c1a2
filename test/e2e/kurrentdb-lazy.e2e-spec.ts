import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const eventStoreIndex = fileURLToPath(new URL('../../dist/libs/event-store/src/index.js', import.meta.url));

/** How many modules of the KurrentDB client a fresh process has loaded after importing the compiled event store (and maybe choosing KurrentDB). */
async function kurrentModulesLoaded(choose: boolean): Promise<number> {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const eventStore = await import(${JSON.stringify(eventStoreIndex)});
    ${choose ? "await eventStore.connectKurrentDb('kurrentdb://127.0.0.1:1?tls=false').then((s) => s.close(), () => undefined);" : ''}
    console.log(Object.keys(require.cache).filter((k) => k.includes('@kurrent')).length);
    process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
  return Number(stdout.trim());
}

describe('the KurrentDB adapter (issue 14.3)', () => {
  it('is not loaded in a process that does not choose it, and is loaded when chosen', async () => {
    expect(await kurrentModulesLoaded(false)).toBe(0);
    expect(await kurrentModulesLoaded(true)).toBeGreaterThan(0);
  }, 60_000);
});

/*
 * Waiting in tests: on a condition, never for a fixed time. A fixed pause passes on a quiet
 * machine and fails (or, worse, passes for the wrong reason) on a busy one.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Probes until the probe answers something truthy, and returns that answer; after `timeoutMs`
 * it fails naming `what`.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 5_000,
  what = 'the condition',
  probeEveryMs = 50,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(probeEveryMs);
  }
}

/** Retries an assertion until it holds; after `timeoutMs` its last failure is thrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5_000, probeEveryMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await pause(probeEveryMs);
    }
  }
}

/**
 * Waits until the wall clock has passed `instant` (a due time the test needs behind it, or the
 * recorded time of an event an `asOf` must fall after): `Date.now() > instant`, so any later
 * event is recorded strictly after it, also at millisecond precision.
 */
export async function waitUntil(instant: Date | number): Promise<void> {
  const at = typeof instant === 'number' ? instant : instant.getTime();
  await waitFor(() => Date.now() > at, Math.max(0, at - Date.now()) + 5_000, `the clock to pass ${new Date(at).toISOString()}`, Math.min(50, Math.max(1, at - Date.now())));
}

/**
 * An instant strictly after everything recorded so far and strictly before anything recorded
 * once this returns (an `asOf` that must split two events): the clock is waited past now, then
 * past the instant taken. Recorded times are the database's clock, the same machine's.
 */
export async function instantBetween(): Promise<Date> {
  await waitUntil(Date.now());
  const instant = new Date();
  await waitUntil(instant);
  return instant;
}

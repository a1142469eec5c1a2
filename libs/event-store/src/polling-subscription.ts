import { comparePositions, type Position } from '@app/kernel';
import type { ReadAllOptions, ReadAllPage, SubscribeOptions, Subscription, SubscriptionHandler } from './event-store.port.js';

/**
 * Catch-up-then-live over `readAll`: read pages until caught up, then sleep until woken
 * (by LISTEN/NOTIFY, an in-process append, ...) or until the polling interval passes.
 * Waking is only a hint; the read decides what is visible, so a lost wake-up costs latency,
 * never an event.
 */
export function pollingSubscription(
  readAll: (options: ReadAllOptions) => Promise<ReadAllPage>,
  wake: WakeUp,
  handler: SubscriptionHandler,
  options: SubscribeOptions & { pollIntervalMs?: number } = {},
): Subscription {
  const controller = new AbortController();
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let after: Position | undefined = options.after;

  const loop = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      let page: ReadAllPage;
      // Taken before the read: an append that lands during the read makes the wait return at once.
      const generation = wake.generation;
      try {
        page = await readAll({ after, maxCount: batchSize, categories: options.categories, typePrefixes: options.typePrefixes });
      } catch (error) {
        if (controller.signal.aborted) return;
        options.onError?.(error);
        await wake.wait(pollIntervalMs, controller.signal);
        continue;
      }
      const moved = page.lastPosition && (!after || comparePositions(page.lastPosition, after) > 0);
      if (page.lastPosition && (page.events.length > 0 || moved)) {
        try {
          await handler(page.events, page.lastPosition);
        } catch (error) {
          // Never move past a batch that was not handled: stop, and let the owner restart from its checkpoint.
          options.onError?.(error);
          return;
        }
      }
      if (page.lastPosition) after = page.lastPosition;
      if (!page.hasMore) await wake.wait(pollIntervalMs, controller.signal, generation);
    }
  };

  const running = loop();
  return {
    async stop() {
      controller.abort();
      await running.catch(() => undefined);
    },
    get done() {
      return running;
    },
  } as Subscription & { done: Promise<void> };
}

/** Resolves after `ms`, or earlier when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A wake-up signal: `wait` resolves at the next `notify`, after a timeout, or on abort. */
export class WakeUp {
  private waiters = new Set<() => void>();
  /** Counts notifications, so a waiter can tell it missed one. */
  generation = 0;

  notify(): void {
    this.generation++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number, signal: AbortSignal, seenGeneration = this.generation): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || seenGeneration !== this.generation) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

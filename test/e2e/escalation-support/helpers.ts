import type { Queue } from 'bullmq';
import { isLadderEvent } from '@app/kernel';
import type { EventStore } from '@app/event-store';
import { testStream } from './pledge-test-source.js';
import { waitFor } from '../../support/wait.js';

export { waitFor, waitUntil } from '../../support/wait.js';

/**
 * Waits until the ladder has nothing left to run for these subjects: no job of theirs waiting,
 * delayed or in hand (a stalled one is re-run before it counts as done). After it, a step fired
 * twice would already be on the stream, so "exactly once" is asserted without a fixed pause.
 */
export async function waitForLadderDone(queue: Queue, subjectIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  const ids = new Set(subjectIds);
  let left: string[] = [];
  try {
    await waitFor(
      async () => {
        const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'], 0, 100_000);
        left = jobs.filter((job) => job && ids.has((job.data as { subjectId?: string }).subjectId ?? '')).map((job) => `${job.id}`);
        return left.length === 0;
      },
      timeoutMs,
      'the ladder jobs to be done',
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; left: ${left.slice(0, 5).join(', ')}`, { cause: error });
  }
}

/** The ladder events on a test subject's stream, as `Type@version` (reminders with their offset). */
export async function ladderTrail(store: EventStore, subjectId: string): Promise<string[]> {
  return streamLadderTrail(store, testStream(subjectId));
}

/** The same for any subject's stream (`pledge-<uuid>`, `notice-<uuid>`). */
export async function streamLadderTrail(store: EventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId))
    .filter((e) => isLadderEvent(e.type))
    .map((e) => `${e.type}@v${e.data.deadlineVersion}${e.type === 'ReminderSent' ? `:${e.data.remindBeforeMs}` : ''}`);
}

export const FULL_LADDER_V1 = ['ReminderSent@v1:2000', 'DeadlineMissed@v1', 'WarningIssued@v1', 'EscalatedToLeadership@v1'];

/** Deletes only the keys of one queue prefix (never FLUSHALL: other tests share this Redis). */
export { deletePrefixKeys } from '../../support/redis.js';

export function uniquePrefix(tag: string): string {
  return `{t${tag}${Math.random().toString(36).slice(2, 8)}}`;
}

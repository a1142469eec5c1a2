import type { TestApp } from '../support/app.js';
import { waitFor } from '../support/wait.js';

/** The read models these tests read, with the stream categories each one follows. */
const FOLLOWED: Record<string, string[]> = {
  reports: ['report'],
  'report-notice-facts': ['notice'],
  deadlines: ['report', 'notice'],
  'access.organizations': ['org'],
};

/**
 * `app.settle()`, then until each read model the reports tests read has applied every event of
 * its categories. settle() alone compares with the store's gap-safe head, which stays below a
 * transaction still running (another projection's batch on a busy machine), so it can return
 * before the last command's events are applied.
 */
export async function settled(app: TestApp, timeoutMs = 10_000): Promise<void> {
  await app.settle();
  let behind: string[] = [];
  await waitFor(
    async () => {
      const { rows } = await app.database.pool.query<{ name: string; behind: boolean }>(
        `select f.name, coalesce((select max(global_position) from es.events e where e.category = any(f.categories)), 0)
                          > coalesce((select prepare_pos from read.checkpoints c where c.name = f.name), -1) as behind
         from jsonb_each(($1::jsonb)) j
         cross join lateral (select j.key as name, array(select jsonb_array_elements_text(j.value)) as categories) f`,
        [JSON.stringify(FOLLOWED)],
      );
      behind = rows.filter((r) => r.behind).map((r) => r.name);
      return behind.length === 0;
    },
    timeoutMs,
    'the read models to catch up',
    25,
  ).catch((error: Error) => {
    throw new Error(`read models behind: ${behind.join(', ')}`, { cause: error });
  });
}

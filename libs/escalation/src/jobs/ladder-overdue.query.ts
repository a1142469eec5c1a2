import { Injectable } from '@nestjs/common';
import { AppConfig, Clock, DEADLINE_KINDS } from '@app/kernel';
import { Database, pastDueSql } from '@app/platform';

/**
 * The oldest escalation level that is due and has not fired, from the deadlines read model:
 * level 1 at due_at, level 2 at due_at + warnAfter, level 3 at due_at + escalateAfter. Its age
 * is what an operator watches: it grows when the schedule is lost or the workers are behind.
 * (Reminders are left out: a late reminder is superseded rather than owed.)
 */
@Injectable()
export class LadderOverdueQuery {
  constructor(private readonly database: Database, private readonly config: AppConfig, private readonly clock: Clock) {}

  async oldestOverdueSeconds(graceMs = 0): Promise<number> {
    const now = this.clock.now();
    const offsets = Object.fromEntries(
      DEADLINE_KINDS.map((k) => [k, { warn: this.config.escalationPolicy[k].warnAfter, escalate: this.config.escalationPolicy[k].escalateAfter }]),
    );
    const params: unknown[] = [JSON.stringify(offsets)];
    const pastDue = pastDueSql('d.due_at', new Date(now.getTime() - graceMs), (value) => `$${params.push(value)}`);
    const { rows } = await this.database.pool.query<{ oldest: Date | null }>(
      `select min(case d.escalation_level
                    when 0 then d.due_at
                    when 1 then d.due_at + make_interval(secs => (($1::jsonb -> d.kind ->> 'warn')::numeric / 1000)::double precision)
                    else d.due_at + make_interval(secs => (($1::jsonb -> d.kind ->> 'escalate')::numeric / 1000)::double precision)
                  end) as oldest
       from read.deadlines d
       where d.status = 'open' and d.escalation_level < 3 and ${pastDue}`,
      params,
    );
    const oldest = rows[0]?.oldest;
    if (!oldest || oldest.getTime() > now.getTime() - graceMs) return 0;
    return (now.getTime() - oldest.getTime()) / 1000;
  }
}

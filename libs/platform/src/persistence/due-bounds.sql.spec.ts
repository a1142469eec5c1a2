import { CLOSED_LIGHTS, isOnTime, isPastDue, lightOf, OPEN_LIGHTS, openDeadline } from '@app/kernel';
import { closedLightSql, lightSql, onTimeSql, pastDueSql, sqlColumn } from './due-bounds.sql.js';

/*
 * The SQL filters and the TypeScript rules are one rule: each condition is evaluated here on the
 * same instants as `lightOf`, `isPastDue` and `isOnTime` and must answer as they do. The
 * conditions are a conjunction of `column op operand` (operand a `$n::timestamptz` or a column).
 */
function holds(condition: string, row: Record<string, Date>, params: unknown[] = []): boolean {
  if (condition === 'true') return true;
  const inner = condition.replace(/^\((.*)\)$/, '$1');
  return inner.split(' and ').every((part) => {
    const match = /^(\S+) (>=|>|<=|<) (\S+)$/.exec(part);
    if (!match) throw new Error(`not a comparison: ${part}`);
    const [, left, operator, right] = match;
    const value = (operand: string): number => {
      const param = /^\$(\d+)::timestamptz$/.exec(operand);
      const resolved = param ? new Date(params[Number(param[1]) - 1] as string) : row[operand];
      if (!resolved) throw new Error(`unknown operand ${operand}`);
      return resolved.getTime();
    };
    const [a, b] = [value(left!), value(right!)];
    return operator === '>=' ? a >= b : operator === '>' ? a > b : operator === '<=' ? a <= b : a < b;
  });
}

const now = new Date('2026-03-10T02:00:00.000Z');
const day = 24 * 3600 * 1000;
const at = (ms: number) => new Date(now.getTime() + ms);
const offsets = [-30 * day, -day, -1, 0, 1, day - 1, day, day + 1, 3 * day, 3 * day + 1, 30 * day];

describe('the light and due-time filters in SQL', () => {
  it('gives an open deadline the light lightOf gives it, and no other', () => {
    for (const dueIn of offsets) {
      const matching = OPEN_LIGHTS.filter((light) => {
        const params: unknown[] = [];
        return holds(lightSql('due_at', light, now, 3 * day, (v) => `$${params.push(v)}`), { due_at: at(dueIn) }, params);
      });
      expect(matching).toEqual([lightOf(openDeadline('notice', at(dueIn)), now, 3 * day)]);
    }
  });

  it('gives a closed deadline the light lightOf gives it, judged by its original due time', () => {
    expect(closedLightSql('n.original_due_at', 'n.closed_at', 'closed_on_time')).toBe('(n.original_due_at >= n.closed_at)');
    expect(closedLightSql('n.original_due_at', 'n.closed_at', 'closed_late')).toBe('(n.original_due_at < n.closed_at)');
    for (const closedIn of offsets) {
      // Extended by a week: the extension never makes a late closing on time.
      const deadline = { ...openDeadline('notice', now), dueAt: at(7 * day), status: 'closed' as const, closedAt: at(closedIn) };
      const row = { 'n.original_due_at': deadline.originalDueAt, 'n.closed_at': at(closedIn) };
      const matching = CLOSED_LIGHTS.filter((light) => holds(closedLightSql('n.original_due_at', 'n.closed_at', light), row));
      expect(matching).toEqual([lightOf(deadline, at(30 * day), day)]);
    }
  });

  it('says past due and on time as isPastDue and isOnTime do, against a time or a column', () => {
    for (const dueIn of offsets) {
      const params: unknown[] = [];
      const row = { due_at: at(dueIn), done_at: now };
      expect(holds(pastDueSql('due_at', now, (v) => `$${params.push(v)}`), row, params)).toBe(isPastDue(at(dueIn), now));
      expect(holds(pastDueSql('due_at', sqlColumn('done_at'), () => '$0'), row)).toBe(isPastDue(at(dueIn), now));
      expect(holds(onTimeSql('due_at', 'done_at'), row)).toBe(isOnTime(now, at(dueIn)));
    }
  });
});

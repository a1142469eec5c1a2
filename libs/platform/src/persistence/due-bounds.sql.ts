import { dueBoundsOfLight, metDueBounds, originalDueBoundsOfClosedLight, pastDueBounds, type ClosedLight, type DueBounds, type OpenLight } from '@app/kernel';

/** Another column of the same row as a bound (a closing time), instead of a time passed as a parameter. */
export interface SqlColumn {
  readonly column: string;
}
export const sqlColumn = (column: string): SqlColumn => ({ column });

/**
 * A time column within the kernel's bounds as one SQL condition: a time bound is passed as a
 * parameter (`param` adds one and answers its placeholder), a column bound is named. The bounds
 * come from the kernel's rules (`dueBoundsOfLight`, `pastDueBounds`, ...), so a filter in SQL says
 * what the TypeScript says (`due-bounds.sql.spec.ts` checks both on the same instants).
 */
export function dueBoundsSql(column: string, bounds: DueBounds<Date | SqlColumn>, param: (value: unknown) => string): string {
  const parts: string[] = [];
  const bound = (operator: string, value: Date | SqlColumn | undefined) => {
    if (value instanceof Date) parts.push(`${column} ${operator} ${param(value.toISOString())}::timestamptz`);
    else if (value) parts.push(`${column} ${operator} ${value.column}`);
  };
  bound('>=', bounds.atOrAfter);
  bound('>', bounds.after);
  bound('<=', bounds.atOrBefore);
  bound('<', bounds.before);
  return parts.length > 0 ? `(${parts.join(' and ')})` : 'true';
}

/** The condition "this open deadline shows `light` at `now`" on a due-time column. */
export function lightSql(column: string, light: OpenLight, now: Date, yellowWithinMs: number, param: (value: unknown) => string): string {
  return dueBoundsSql(column, dueBoundsOfLight(light, now, yellowWithinMs), param);
}

/** The condition "this closed deadline shows `light`", from its original due time and closing time columns. */
export function closedLightSql(originalDueAtColumn: string, closedAtColumn: string, light: ClosedLight): string {
  return dueBoundsSql(originalDueAtColumn, originalDueBoundsOfClosedLight(light, sqlColumn(closedAtColumn)), noParameter);
}

/** The condition "the due time in `column` has passed at `at`" (`isPastDue`); `at` a time or a column. */
export function pastDueSql(column: string, at: Date | SqlColumn, param: (value: unknown) => string): string {
  return dueBoundsSql(column, pastDueBounds(at), param);
}

/** The condition "done at `doneAtColumn`, the due time in `dueAtColumn` was met" (`isOnTime`). */
export function onTimeSql(dueAtColumn: string, doneAtColumn: string): string {
  return dueBoundsSql(dueAtColumn, metDueBounds(sqlColumn(doneAtColumn)), noParameter);
}

function noParameter(): string {
  throw new Error('a comparison of two columns takes no parameter');
}

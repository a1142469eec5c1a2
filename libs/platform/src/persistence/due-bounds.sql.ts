import { dueBoundsOfLight, type DueBounds, type OpenLight } from '@app/kernel';

/**
 * A time column within the kernel's bounds as one SQL condition, the bounds passed as parameters
 * (`param` adds one and answers its placeholder). The bounds come from `dueBoundsOfLight`, so a
 * light filter in SQL says what `lightOf` says.
 */
export function dueBoundsSql(column: string, bounds: DueBounds, param: (value: unknown) => string): string {
  const parts: string[] = [];
  const bound = (operator: string, value: Date | undefined) => {
    if (value) parts.push(`${column} ${operator} ${param(value.toISOString())}::timestamptz`);
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

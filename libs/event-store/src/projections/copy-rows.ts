import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/**
 * A field as COPY's text format reads it: null as `\N`; a backslash, tab, newline or carriage
 * return escaped (JSON text keeps its own escapes, each backslash doubled here).
 */
export function copyField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

/** One row of COPY's text format: its fields (each through `copyField`) joined by tabs. */
export function copyLine(...fields: Array<string | number | bigint | null | undefined>): string {
  return fields.map(copyField).join('\t');
}

/**
 * Appends rows to `table` with `COPY … FROM STDIN` (text format) on `client`, in its transaction.
 * For plain inserts of many rows: PostgreSQL reads each field with its type's input function and
 * nothing else, where a JSON document of rows (jsonb_to_recordset) is first parsed whole into
 * jsonb, ~20 ms of its CPU per MB (bench:province). `lines` come from `copyLine`. A row that
 * breaks a constraint fails the whole copy, and with it the transaction, as an insert would.
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const copy = client.query(copyStreams.from(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from([`${lines.join('\n')}\n`]), copy);
}

/**
 * Folded states sent beside a statement's rows as one text parameter: their json texts joined by
 * the record separator U+001E, which JSON.stringify never leaves raw (it escapes every control
 * character), split back in SQL by `splitJsonTexts('$2')` and zipped with the rows by position
 * (`rows from (jsonb_to_recordset($1::jsonb) as (…), ${splitJsonTexts('$2')}) as r(…, state)`).
 *
 * Why not inside the rows' JSON document: PostgreSQL parses a jsonb parameter whole into a tree,
 * ~20 ms of its CPU per MB, and a `json` column takes the state's text as it is (checked, not
 * parsed into a tree, and printed back as stored): for the deadline board's 25,400 states of a
 * county (41 MB) ~1,000 ms through jsonb_to_recordset, ~300 ms so (bench:province's log).
 */
export function joinJsonTexts(texts: readonly string[]): string {
  return texts.join('\u001e');
}

/** The SQL that splits `joinJsonTexts`'s parameter back into one text per row, in order. */
export function splitJsonTexts(parameter: string): string {
  return `string_to_table(${parameter}::text, E'\\x1e')`;
}

/**
 * SQL for a projection's setup: `read.<table>.state` from jsonb to json, in place, once (a table
 * made before 2026-12-07). Rewrites the table under an exclusive lock (docs/operations.md).
 */
export function stateColumnAsJson(table: string): string {
  return columnAsJson(table, 'state', false);
}

/**
 * SQL: `read.<table>.<column>` from jsonb to json when the table is empty (instant then; a table
 * with rows is left as it is, and converts when a rebuild has emptied it). For a large table only
 * ever read whole, where rewriting it in place would lock it for minutes (the timeline's entries).
 */
export function jsonColumnWhenEmpty(table: string, column: string): string {
  return columnAsJson(table, column, true);
}

function columnAsJson(table: string, column: string, onlyWhenEmpty: boolean): string {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error(`Bad read-model column ${table}.${column}`);
  return `
      do $$ begin
        if (select data_type from information_schema.columns
             where table_schema = 'read' and table_name = '${table}' and column_name = '${column}') = 'jsonb'${onlyWhenEmpty ? `
           and not exists (select 1 from read.${table})` : ''} then
          alter table read.${table} alter column ${column} type json using ${column}::json;
        end if;
      end $$;`;
}

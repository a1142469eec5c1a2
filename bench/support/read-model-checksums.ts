import type pg from 'pg';

/**
 * One checksum per table of the `read` schema (rows, then an md5 of every row's text in order),
 * to show that a rebuild in large batches makes exactly what the live runners made in small ones.
 * Left out: the checkpoints (positions differ with batch boundaries). Sums of floating-point day
 * counts are rounded: their last bits depend on the order they were added in.
 */
export async function readModelChecksums(db: pg.Pool | pg.ClientBase): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'read' and table_name <> 'checkpoints' order by 1`,
  );
  const sums: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const columns = await db.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = 'read' and table_name = $1 order by ordinal_position`,
      [table],
    );
    const list = columns.rows
      .map((c) => (c.data_type === 'double precision' ? `round(${c.column_name}::numeric, 6)` : c.column_name))
      .join(', ');
    const { rows } = await db.query<{ n: string; sum: string }>(
      `select count(*) as n, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as sum from (select ${list} from read.${table}) r`,
    );
    sums[table] = `${rows[0]!.n} rows ${rows[0]!.sum}`;
  }
  return sums;
}

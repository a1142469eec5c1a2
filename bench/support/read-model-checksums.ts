import type pg from 'pg';

/**
 * One checksum per table of the `read` schema (rows, then the sum of every row's md5 taken as two
 * 60-bit numbers: the same rows in any order give the same sums, and no table's text is ever built
 * whole — an md5 of all rows in order exceeded PostgreSQL's 1 GB string limit at 30 counties),
 * to show that a rebuild in large batches makes exactly what the live runners made in small ones.
 * Left out: the checkpoints (positions differ with batch boundaries). Sums of floating-point day
 * counts are rounded: their last bits depend on the order they were added in; json is compared as
 * jsonb (a folded state read back and evolved may list its keys in another order).
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
      // json as jsonb: the same value whatever the order its keys were written in.
      .map((c) => (c.data_type === 'double precision' ? `round(${c.column_name}::numeric, 6)` : c.data_type === 'json' ? `${c.column_name}::jsonb` : c.column_name))
      .join(', ');
    const { rows } = await db.query<{ n: string; sum: string }>(
      `select count(*) as n,
              coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint::numeric), 0) || '-' ||
              coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint::numeric), 0) as sum
         from (select md5(r::text) as h from (select ${list} from read.${table}) r) hashed`,
    );
    sums[table] = `${rows[0]!.n} rows ${rows[0]!.sum}`;
  }
  return sums;
}

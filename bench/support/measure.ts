import { readdir, readFile } from 'node:fs/promises';
export interface Result {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

/**
 * Runs `writers` loops at once, each calling `step(writer, i)` `steps` times in sequence, and
 * returns the rate of `unitsPerStep` units per second over the wall time of the whole run.
 */
export async function rate(
  writers: number,
  steps: number,
  unitsPerStep: number,
  step: (writer: number, i: number) => Promise<unknown>,
): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; i < steps; i++) await step(writer, i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (writers * steps * unitsPerStep) / seconds;
}

/** Seconds taken by `work`, with what it returned. */
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function result(name: string, value: number, unit: string, baseline: number | null): Result {
  return {
    name,
    value: Math.round(value),
    unit,
    baseline: baseline === null ? null : Math.round(baseline),
    ratio: baseline === null ? null : Math.round((value / baseline) * 100) / 100,
  };
}

export function formatTable(results: Result[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio'];
  const rows = results.map((r) => [
    r.name,
    r.value.toLocaleString('en-US'),
    r.unit,
    r.baseline === null ? '—' : r.baseline.toLocaleString('en-US'),
    r.ratio === null ? '—' : r.ratio.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 || i === 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Replaces the section between `<!-- bench:<name> start -->` and `<!-- bench:<name> end -->` in
 * docs/benchmarks.md (appends it the first time), so each benchmark keeps one current section.
 */
export async function writeDocSection(name: string, body: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const start = `<!-- bench:${name} start -->`;
  const end = `<!-- bench:${name} end -->`;
  const path = resolve('docs/benchmarks.md');
  const text = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const section = `${start}\n${body.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const updated = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(path, updated);
}

/**
 * CPU time used so far by this process, by the Redis server (its INFO), by the PostgreSQL
 * server processes on this machine and by the named child processes (Linux /proc; 0 elsewhere),
 * in microseconds: the difference of two snapshots says where a phase's CPU went, which the
 * wall-clock rate on a shared machine does not.
 */
export interface CpuSnapshot { node: number; nodeSystem: number; redis: number; postgres: Map<string, number>; processes: Map<string, number> }

const TICKS_PER_SECOND = 100;

/** User + system CPU of a process from /proc/<pid>/stat in µs, with its command name; null when it is gone. */
async function procCpu(pid: string): Promise<{ name: string; micros: number } | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), micros: ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6 };
}

/**
 * `processes`: label → pid of child processes to account (a restarted child counts under its label
 * with its new pid). `postgresDatabase`: count only the server processes of that database (their
 * title names it), not those of other people's databases on a shared server.
 */
export async function cpuSnapshot(redisInfo: () => Promise<string>, processes: Record<string, number | undefined> = {}, postgresDatabase?: string): Promise<CpuSnapshot> {
  const { user, system } = process.cpuUsage();
  const info = await redisInfo();
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  const redis = (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
  // Per server process: a connection that closes during the phase takes its CPU time with it.
  const postgres = new Map<string, number>();
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cpu = await procCpu(pid);
    if (cpu?.name !== 'postgres') continue;
    if (postgresDatabase && !(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(` ${postgresDatabase} `)) continue;
    postgres.set(pid, cpu.micros);
  }
  const children = new Map<string, number>();
  for (const [label, pid] of Object.entries(processes)) {
    const cpu = pid === undefined ? null : await procCpu(String(pid));
    if (cpu) children.set(`${label}:${pid}`, cpu.micros);
  }
  return { node: user + system, nodeSystem: system, redis, postgres, processes: children };
}

/** CPU seconds per component between two snapshots (a child process by its label, summed over its pids). */
export function cpuSeconds(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const delta = (a: Map<string, number>, b: Map<string, number>) => {
    const byLabel: Record<string, number> = {};
    for (const [key, used] of b) {
      const label = key.slice(0, key.lastIndexOf(':'));
      byLabel[label] = (byLabel[label] ?? 0) + (used - (a.get(key) ?? 0)) / 1e6;
    }
    return byLabel;
  };
  let postgres = 0;
  for (const [pid, used] of after.postgres) postgres += used - (before.postgres.get(pid) ?? 0);
  return { bench: (after.node - before.node) / 1e6, ...delta(before.processes, after.processes), redis: (after.redis - before.redis) / 1e6, postgres: postgres / 1e6 };
}

/** "node 120 µs · Redis 60 µs · PostgreSQL 55 µs" per unit between two snapshots. */
export function cpuPerUnit(before: CpuSnapshot, after: CpuSnapshot, units: number): string {
  let postgres = 0;
  for (const [pid, used] of after.postgres) postgres += used - (before.postgres.get(pid) ?? 0);
  const per = (micros: number) => Math.round(micros / units);
  return `CPU per step: node ${per(after.node - before.node)} µs (of which kernel ${per(after.nodeSystem - before.nodeSystem)}) · Redis ${per(after.redis - before.redis)} µs · PostgreSQL ${per(postgres)} µs`;
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by the processes of a measurement (Linux /proc; elsewhere every figure is
 * NaN and the benchmark says so). The job benchmark runs the worker, Redis, PostgreSQL and the
 * HTTP sink on one machine: where a rate falls short, these figures say which one spent the
 * time.
 */

const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds of one process, or NaN when unreadable. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Pids of processes whose command name is `name` (redis-server, postgres). */
export function pidsNamed(name: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Named groups of processes to account for; `self` is this process. */
export type CpuGroups = Record<string, () => number[]>;

/** CPU milliseconds per group now (a group's processes are looked up at each reading). */
export function cpuReading(groups: CpuGroups): Record<string, number> {
  const out: Record<string, number> = {
    self: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
  };
  for (const [name, pids] of Object.entries(groups)) {
    out[name] = pids().reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  }
  return out;
}

/** "worker 180, redis 90, sink 60 µs per delivery" from two readings. */
export function cpuPerItem(
  before: Record<string, number>,
  after: Record<string, number>,
  items: number,
): string {
  return Object.keys(after)
    .map((name) => {
      const ms = (after[name] ?? Number.NaN) - (before[name] ?? Number.NaN);
      return `${name === 'self' ? 'worker' : name} ${Number.isFinite(ms) ? Math.round((ms * 1000) / items) : '?'}`;
    })
    .join(', ');
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

/** What every benchmark receives. Benchmarks print figures; they never fail on timing. */
export interface BenchContext {
  /** ../shared/corpus when present. */
  corpusDir: string | undefined;
  /** Prints one line of results. */
  log(line: string): void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

export const corpusDir = (() => {
  const dir = resolve(import.meta.dirname, '../../shared/corpus');
  return existsSync(dir) ? dir : undefined;
})();

/** Runs `fn` `iterations` times after `warmup` runs; returns per-run milliseconds, sorted. */
export async function timeRuns(fn: () => unknown, iterations: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** The q-quantile (0..1) of sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export const median = (sorted: number[]) => quantile(sorted, 0.5);

/** Formats a number with a fixed number of decimals and an optional unit. */
export function fmt(n: number, digits = 1, unit = ''): string {
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

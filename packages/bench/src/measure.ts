/** Timing helpers of the bench: medians of repeated runs within a time budget. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Warms `f` up (at least `warmup` runs and `warmupMs` of them), then runs it at least `minRuns`
 * and at most `maxRuns` times within `budgetMs`; the median ms.
 */
export function medianMs(
  f: () => unknown,
  options: { budgetMs?: number; minRuns?: number; maxRuns?: number; warmup?: number; warmupMs?: number } = {},
): { ms: number; runs: number } {
  const { budgetMs = 3000, minRuns = 5, maxRuns = 200, warmup = 3, warmupMs = WARMUP_MS } = options
  warmUp(f, warmup, warmupMs)
  const times: number[] = []
  const started = performance.now()
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - started < budgetMs)) {
    const t0 = performance.now()
    f()
    times.push(performance.now() - t0)
  }
  return { ms: median(times), runs: times.length }
}

/**
 * How long a function runs before it is timed. The figures are for a warm process (a service,
 * a long-lived management app): V8 optimizes a function only after many calls, and on a
 * 200-device domain the first few hundred runs take about 1.7 times as long as later ones.
 */
export const WARMUP_MS = 500

/** Runs `f` at least `runs` times and for at least `ms`. */
export function warmUp(f: () => unknown, runs: number, ms: number): void {
  const started = performance.now()
  for (let i = 0; i < runs || performance.now() - started < ms; i++) f()
}

/** `12.3` / `0.85`: two significant decimals below 10. */
export const fmt = (n: number): string => (Number.isNaN(n) ? '-' : n.toFixed(n < 10 ? 2 : 1))

/** How cost grows from one size to the next: 1.0 is linear, 2.0 quadratic. */
export const growthExponent = (n1: number, t1: number, n2: number, t2: number): number => Math.log(t2 / t1) / Math.log(n2 / n1)

import type { EngineProperty } from '../testing/expandDomainProperties.ts'

/** Domains per chunk: one synchronous fast-check run, short enough not to starve the worker's RPC. */
const CHUNK = 2_000

/** What `pnpm test:deep` runs: `DEVADDR_DEEP_RUNS` domains per property from `DEVADDR_DEEP_SEED`. */
export const DEEP_RUNS = Number(process.env.DEVADDR_DEEP_RUNS ?? 170_000)
export const DEEP_SEED = Number(process.env.DEVADDR_DEEP_SEED ?? 1)

/**
 * Checks `property` on `runs` generated domains, in chunks of {@link CHUNK} with seeds
 * `seed`, `seed + 1`…, yielding to the event loop between chunks.
 * note: Vitest reports a worker dead ("Timeout calling onTaskUpdate") when one synchronous
 * stretch runs for a minute; chunking keeps 10^6 domains from doing that.
 */
export async function runDeep(property: EngineProperty, runs = DEEP_RUNS, seed = DEEP_SEED): Promise<void> {
  for (let done = 0, chunk = 0; done < runs; done += CHUNK, chunk++) {
    property.check({ numRuns: Math.min(CHUNK, runs - done), seed: seed + chunk })
    await new Promise((resolve) => setImmediate(resolve))
  }
}

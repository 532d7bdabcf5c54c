import { describe, expect, it } from 'vitest'

import { loadSeedInputs } from './corpusInputs.ts'
import { runFuzz } from './runFuzz.ts'

const corpora = loadSeedInputs().length > 0

/**
 * A small bounded fuzz run in `npm test`: 300 mutants of seed 1, the same every time, each
 * checked for every invariant (`pnpm fuzz` runs as many as you like on any seed).
 */
describe.skipIf(!corpora)('fuzz, bounded run', () => {
  it('300 mutants of seed 1 break no invariant', async () => {
    const summary = await runFuzz({ seed: 1, count: 300, timeoutMs: 5_000, workers: 1 })
    expect(summary.mutants).toBe(300)
    expect(summary.failures).toEqual([])
    // note: a mutant set that nothing accepts, or nothing rejects, would test little
    expect(summary.accepted).toBeGreaterThan(50)
    expect(summary.rejected).toBeGreaterThan(50)
  }, 120_000)
})

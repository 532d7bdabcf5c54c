import { createRng } from '@devaddr/livecheck/rng'

import type { SeedInput } from './corpusInputs.ts'
import { mutate } from './mutate.ts'

/** One generated input: which corpus file it came from and what was done to it. */
export interface Mutant {
  index: number
  from: string
  ops: string[]
  text: string
}

/**
 * Mutant number `index` of run `seed`: depends on nothing else, so a worker that restarts
 * after a hang, or a person reproducing a finding, gets exactly the same text.
 */
export function mutantAt(inputs: readonly SeedInput[], seed: number, index: number): Mutant {
  const rng = createRng((Math.imul(seed, 0x9e3779b1) + Math.imul(index, 0x85ebca6b)) >>> 0)
  const input = rng.pick(inputs)
  const { text, ops } = mutate(input.text, rng)
  return { index, from: input.name, ops, text }
}

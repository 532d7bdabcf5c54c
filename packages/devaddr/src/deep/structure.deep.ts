import { describe, it } from 'vitest'

import { EXPAND_DOMAIN_PROPERTIES } from '../testing/expandDomainProperties.ts'
import { DEEP_RUNS, DEEP_SEED, runDeep } from './runDeep.ts'

/** Half of the deep run, by time (the other half is stability.deep.ts: the two files run on two workers at once). */
const NAMES = [
  'is deterministic, and gives the same result without explanations',
  'gives no two devices one address, and puts every PCI device on an existing bus',
  'keeps each tunable promise',
]

describe(`expandDomain properties, deep: ${DEEP_RUNS} domains each from seed ${DEEP_SEED}`, () => {
  for (const p of EXPAND_DOMAIN_PROPERTIES.filter((p) => NAMES.includes(p.name))) {
    it(p.name, () => runDeep(p), 3_600_000)
  }
})

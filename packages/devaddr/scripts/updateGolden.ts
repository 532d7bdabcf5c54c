/**
 * Writes golden outputs for shipped policy versions that have none yet. An existing file is
 * never rewritten unless --force names it: a shipped version must keep its addresses.
 *   pnpm --filter devaddr golden:update [--force NAME@VERSION]
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import fc from 'fast-check'

import { BUILTIN_POLICIES } from '../src/policy/builtinPolicies.ts'
import { domainArb } from '../src/testing/arbitraries.ts'
import { goldenCase, type GoldenFile, goldenFileName } from '../src/testing/golden.ts'

const CASES = 40
const SEED = 20261122
const force = process.argv.includes('--force') ? process.argv[process.argv.indexOf('--force') + 1] : undefined
const dir = join(import.meta.dirname, '..', 'golden')

for (const policy of BUILTIN_POLICIES) {
  const name = goldenFileName(policy)
  const path = join(dir, name)
  if (existsSync(path) && force !== name.replace(/\.json$/, '')) {
    console.log(`kept    ${name}`)
    continue
  }
  const inputs = fc.sample(domainArb, { seed: SEED, numRuns: CASES })
  const file: GoldenFile = { policy, cases: inputs.map((input) => goldenCase(input, policy)) }
  writeFileSync(path, JSON.stringify(file, null, 1) + '\n')
  console.log(`wrote   ${name} (${file.cases.length} cases)`)
}

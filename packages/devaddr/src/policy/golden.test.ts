import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { goldenCase, type GoldenFile, goldenFileName } from '../testing/golden.ts'
import { BUILTIN_POLICIES, builtinPolicy } from './builtinPolicies.ts'

const dir = join(import.meta.dirname, '..', '..', 'golden')
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))

describe('golden outputs of shipped policy versions', () => {
  it('every shipped policy version has its golden file', () => {
    expect(files.sort()).toEqual(BUILTIN_POLICIES.map(goldenFileName).sort())
  })

  for (const f of files) {
    it(`${f}: the engine still gives every recorded address`, () => {
      const golden = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldenFile
      const policy = builtinPolicy(golden.policy.name, golden.policy.version)
      expect(policy, 'a shipped policy version was removed or renamed').toBeDefined()
      expect(policy).toEqual(golden.policy)
      for (const c of golden.cases) expect(goldenCase(c.input, policy!)).toEqual(c)
    })
  }
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { diskNameFromIndex, diskNameToIndex } from './diskName.ts'

describe('disk names', () => {
  it('count like libvirt, both ways', () => {
    const indexes = [0, 1, 25, 26, 27, 701, 702]
    const names = indexes.map((i) => diskNameFromIndex('vd', i))
    expect(names).toEqual(['vda', 'vdb', 'vdz', 'vdaa', 'vdab', 'vdzz', 'vdaaa'])
    expect(names.map(diskNameToIndex)).toEqual(indexes)
    expect(diskNameToIndex('nvme0n1')).toBe(-1)
  })
  it('reads a name as the pattern of prefix and letters would', () => {
    // note: the rule as libvirt words it, a regular expression, against the character scan
    const oracle = (name: string): number => {
      const m = /^(?:fd|hd|vd|sd|xvd|ubd)([a-z]+)/.exec(name)
      if (!m) return -1
      let idx = 0
      for (const ch of m[1]!) {
        idx = idx * 26 + (ch.charCodeAt(0) - 96)
        if (idx - 1 >= (2 ** 31 - 1) / 26) return -1
      }
      return idx - 1
    }
    const part = fc.constantFrom('fd', 'hd', 'vd', 'sd', 'xvd', 'ubd', 'x', 'u', 'd', 'v', 'a', 'z', 'zz', '1', '{', '`', 'A', '')
    const name = fc.array(part, { maxLength: 8 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (n) => {
        expect(diskNameToIndex(n)).toBe(oracle(n))
      }),
    )
  })
})

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
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { diskNameFromIndex, diskNameToIndex, driveIndexOfName, parseNvmeDiskName } from './diskName.ts'

describe('disk names', () => {
  it('count like libvirt, both ways', () => {
    const indexes = [0, 1, 25, 26, 27, 701, 702]
    const names = indexes.map((i) => diskNameFromIndex('vd', i))
    expect(names).toEqual(['vda', 'vdb', 'vdz', 'vdaa', 'vdab', 'vdzz', 'vdaaa'])
    expect(names.map(diskNameToIndex)).toEqual(indexes)
  })
  it('read an NVMe name as its controller and namespace, the index being the namespace less one', () => {
    expect(parseNvmeDiskName('nvme1n3')).toEqual({ controller: 1, namespace: 3 })
    expect(parseNvmeDiskName('nvme01n02')).toEqual({ controller: 1, namespace: 2 })
    expect(parseNvmeDiskName('nvme0n1p1')).toEqual({ controller: 0, namespace: 1 })
    expect(['nvme1n3', 'nvme0n1', 'nvme7n300', 'sdb'].map(driveIndexOfName)).toEqual([2, 0, 299, 1])
    // note: no name index, so libvirt sorts NVMe-named disks first
    expect(diskNameToIndex('nvme0n1')).toBe(-1)
    // note: seen live on 12.8, each an unknown disk name
    for (const bad of ['nvme0n0', 'nvme0', 'nvme0n', 'nvme0n1x', 'nvmen1', 'nvme-1n1', 'nvme0n99999999999']) {
      expect(parseNvmeDiskName(bad)).toBeUndefined()
      expect(driveIndexOfName(bad)).toBe(-1)
    }
    expect(parseNvmeDiskName('sda')).toBeUndefined()
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
    const part = fc.constantFrom(
      'fd',
      'hd',
      'vd',
      'sd',
      'xvd',
      'ubd',
      'nvme',
      'n',
      'p',
      '0',
      'x',
      'u',
      'd',
      'v',
      'a',
      'z',
      'zz',
      '1',
      '{',
      '`',
      'A',
      '',
    )
    const name = fc.array(part, { maxLength: 8 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (n) => {
        expect(diskNameToIndex(n)).toBe(oracle(n))
      }),
    )
  })
})

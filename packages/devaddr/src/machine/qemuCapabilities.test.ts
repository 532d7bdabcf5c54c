import { describe, expect, it } from 'vitest'

import { compareVersions, hasCap, QEMU_CAPABILITIES, qemuCapsFor, REMOVED_FROM_QEMU } from './qemuCapabilities.ts'
import { QEMU_CAPS_TABLE } from './qemuCapsTable.ts'

describe('REMOVED_FROM_QEMU', () => {
  it('agrees with every recorded capability set: those from the version on lack the capability, the x86_64 ones before have it', () => {
    for (const cap of QEMU_CAPABILITIES) {
      const since = REMOVED_FROM_QEMU[cap]
      if (since === undefined) continue
      const after = QEMU_CAPS_TABLE.filter((r) => compareVersions(r.qemu, since) >= 0)
      const before = QEMU_CAPS_TABLE.filter((r) => r.arch === 'x86_64' && compareVersions(r.qemu, since) < 0)
      expect(after.length, `recorded sets from QEMU ${since}`).toBeGreaterThan(0)
      expect(before.length, `recorded x86_64 sets before QEMU ${since}`).toBeGreaterThan(0)
      for (const r of after) expect(r.lacks, `${r.arch} ${r.qemu}${r.variant ?? ''}`).toContain(cap)
      for (const r of before) expect(r.lacks, `${r.arch} ${r.qemu}`).not.toContain(cap)
    }
  })

  it('applies where an arch has no recorded set that new: aarch64 with QEMU 11.1 stands on its 8.2 set', () => {
    expect(hasCap(qemuCapsFor('aarch64', '8.2'), 'virtio-blk-scsi')).toBe(true)
    expect(hasCap(qemuCapsFor('aarch64', '11.1'), 'virtio-blk-scsi')).toBe(false)
    expect(hasCap(qemuCapsFor('x86_64', '7.2'), 'virtio-blk-scsi')).toBe(true)
    expect(hasCap(qemuCapsFor('x86_64', '10.0'), 'virtio-blk-scsi')).toBe(false)
    // the other capabilities of the 8.2 set stay as recorded
    expect([...qemuCapsFor('aarch64', '11.1').missing!].sort()).toEqual(
      [...qemuCapsFor('aarch64', '8.2').missing!, 'virtio-blk-scsi'].sort(),
    )
  })
})

describe('qemuCapsFor', () => {
  it('gives the same capabilities asked again, and a capability named missing for one call only', () => {
    const plain = qemuCapsFor('x86_64', '10.0')
    expect(hasCap(plain, 'pcie-pci-bridge')).toBe(true)
    const without = qemuCapsFor('x86_64', '10.0', { missing: ['pcie-pci-bridge'] })
    expect(hasCap(without, 'pcie-pci-bridge')).toBe(false)
    expect(qemuCapsFor('x86_64', '10.0')).toEqual(plain)
    expect(hasCap(qemuCapsFor('x86_64', '10.0', { missing: [] }), 'pcie-pci-bridge')).toBe(true)
    // note: the shared answer cannot be changed by one expansion for the next
    expect(Object.isFrozen(plain.missing)).toBe(true)
  })
})

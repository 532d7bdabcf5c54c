import { describe, expect, it } from 'vitest'

import { dev, expandOk, q35 } from '../testing/devices.ts'
import { isEmptyPciAddress } from './address.ts'

describe('isEmptyPciAddress', () => {
  it('looks at domain, bus and slot only, as libvirt does', () => {
    expect(isEmptyPciAddress({ type: 'pci', domain: 0, bus: 0, slot: 0, function: 3 })).toBe(true)
    expect(isEmptyPciAddress({ type: 'pci', domain: 0, bus: 0, slot: 1, function: 0 })).toBe(false)
  })

  it('lets a device written with a function alone get a whole address, function 0', () => {
    const disk = dev({ kind: 'disk', bus: 'virtio', dst: 'vda', address: { type: 'pci', domain: 0, bus: 0, slot: 0, function: 3 } })
    const e = expandOk(q35([disk]), { newDomain: true })
    const a = e.devices.find((d) => d.id === disk.id)?.address
    expect(a).toMatchObject({ type: 'pci', slot: 0, function: 0 })
    expect(a?.type === 'pci' && a.bus).toBeGreaterThan(0)
  })
})

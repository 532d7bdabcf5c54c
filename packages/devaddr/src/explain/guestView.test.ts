import { describe, expect, it } from 'vitest'

import { dev, expandOk, q35 } from '../testing/devices.ts'
import { guestView } from './guestView.ts'

describe('guestView', () => {
  it('numbers buses depth-first behind root ports', () => {
    const e = expandOk(
      q35([dev({ kind: 'interface', type: 'network', model: 'virtio' }), dev({ kind: 'interface', type: 'network', model: 'e1000' })]),
      { newDomain: true },
    )
    const view = guestView(e.devices)
    const nic = e.devices.find((d) => d.model === 'virtio' && d.kind === 'interface')!
    const nicBus = nic.address?.type === 'pci' ? nic.address.bus : -1
    const port = e.devices.find((d) => d.index === nicBus && d.type === 'pci')!
    expect(view.get(nic.id)!.bdf).toBe(`${view.get(port.id)!.secondaryBus!.toString(16).padStart(2, '0')}:00.0`)
    // every root port on pcie-root is seen on bus 00
    for (const p of e.devices.filter((d) => d.model === 'pcie-root-port')) expect(view.get(p.id)!.bdf.startsWith('00:')).toBe(true)
    // secondary bus numbers are distinct
    const secondaries = [...view.values()].flatMap((g) => (g.secondaryBus === undefined ? [] : [g.secondaryBus]))
    expect(new Set(secondaries).size).toBe(secondaries.length)
  })

  it('puts devices behind an expander bus in its busNr range, not at the XML index', () => {
    const e = expandOk(q35([dev({ kind: 'disk', bus: 'virtio', dst: 'vda', numaNode: 0 })], { numaNodes: 1 }))
    const view = guestView(e.devices)
    const disk = e.devices.find((d) => d.kind === 'disk')!
    // pxb-pcie at busNr 254: its root port is on bus fe, the disk behind it on ff
    expect(view.get(disk.id)!.bdf).toBe('ff:00.0')
  })
})

import { describe, expect, it } from 'vitest'

import * as F from './connectFlags.ts'
import { PciAddressSet } from './pciAddressSet.ts'

const PCIE = F.PCIE_DEVICE | F.AUTOASSIGN | F.HOTPLUGGABLE
const PCI = F.PCI_DEVICE | F.AUTOASSIGN | F.HOTPLUGGABLE

/** A q35-like set: the root bus and `ports` root ports of one slot each. */
function rootPorts(ports: number): PciAddressSet {
  const set = new PciAddressSet(ports + 1, false, false, true)
  set.setBusModel(0, 'pcie-root', true)
  for (let i = 1; i <= ports; i++) set.setBusModel(i, 'pcie-root-port', true)
  return set
}

describe('PciAddressSet.nextAddress', () => {
  it('passes over full buses to the first one with a free slot, in bus order', () => {
    const set = rootPorts(4)
    const placed = [1, 2, 3, 4].map(() => set.reserveNext(PCIE, 0, -1, undefined).bus)
    expect(placed).toEqual([1, 2, 3, 4])
    expect(() => set.reserveNext(PCIE, 0, -1, undefined)).toThrow(/no more available PCI slots/)
  })

  it('looks at a full bus again once its model changes', () => {
    const set = rootPorts(2)
    set.reserveNext(PCIE, 0, -1, undefined)
    set.reserveNext(PCIE, 0, -1, undefined)
    // note: both ports are full and skipped; as a pci-bridge, bus 1 has slots 1-31 free
    set.setBusModel(1, 'pci-bridge', true)
    expect(set.nextAddress(PCI, 0, -1, undefined)).toEqual({ bus: 1, slot: 1, function: 0 })
  })

  it('still offers the free functions of an aggregate slot on a bus that has no empty slot', () => {
    const set = rootPorts(0)
    const ports = Array.from({ length: 9 }, () => set.reserveNext(F.PCIE_ROOT_PORT | F.AGGREGATE_SLOT, 0, -1, undefined))
    expect(ports.map((a) => `${a.slot}.${a.function}`)).toEqual(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '2.0'])
  })
})

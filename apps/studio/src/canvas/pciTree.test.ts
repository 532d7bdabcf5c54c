import type { Device, Expansion } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { drawnOn, freeSlots, isExpander, isPort, pciTree } from './pciTree.ts'

const ctl = (index: number, model: string, bus?: number, slot = 0): Device => ({
  id: `controller-pci${index}`,
  kind: 'controller',
  type: 'pci',
  model,
  index,
  origin: 'input',
  ...(bus === undefined ? {} : { address: { type: 'pci' as const, domain: 0, bus, slot, function: 0 } }),
})
const disk = (id: string, bus: number, slot: number): Device => ({
  id,
  kind: 'disk',
  bus: 'virtio',
  origin: 'input',
  address: { type: 'pci', domain: 0, bus, slot, function: 0 },
})
const expansion = (devices: Device[]): Expansion => ({
  arch: 'x86_64',
  machine: 'q35',
  devices,
  policy: { name: 'libvirt', version: 1 },
  explanations: [],
  warnings: [],
})

describe('pciTree', () => {
  const devices = [
    ctl(0, 'pcie-root'),
    disk('disk1', 0, 5),
    ctl(1, 'pcie-root-port', 0, 2),
    disk('disk0', 1, 0),
    ctl(2, 'pcie-expander-bus', 0, 3),
  ]
  const tree = pciTree(expansion(devices))

  it('indexes the devices of each bus by slot, and finds the root and expander buses', () => {
    expect(tree.onBus.get(0)?.map((d) => d.id)).toEqual(['controller-pci1', 'controller-pci2', 'disk1'])
    expect(tree.roots.map((r) => r.index)).toEqual([0])
    expect(tree.expanders.map((x) => x.index)).toEqual([2])
    // expander buses are drawn in their NUMA box, not inside the bus they plug into
    expect(drawnOn(tree, 0).map((d) => d.id)).toEqual(['controller-pci1', 'disk1'])
  })

  it('asks the engine which models are ports and expander buses', () => {
    expect(isPort(ctl(1, 'pcie-root-port'))).toBe(true)
    expect(isPort(ctl(1, 'pcie-switch-downstream-port'))).toBe(true)
    expect(isPort(ctl(1, 'pcie-switch-upstream-port'))).toBe(false)
    expect(isPort(disk('disk0', 0, 1))).toBe(false)
    expect(isExpander(ctl(1, 'pci-expander-bus'))).toBe(true)
    expect(isExpander(ctl(1, 'pcie-root'))).toBe(false)
  })

  it('counts the free slots of the range the engine gives a bus', () => {
    // pcie-root offers slots 1..31; three are used
    expect(freeSlots(tree, tree.controllers.get(0)!)).toBe(28)
    // an expander bus offers 0..31
    expect(freeSlots(tree, tree.controllers.get(2)!)).toBe(32)
    expect(freeSlots(tree, tree.controllers.get(1)!)).toBe(0)
  })
})

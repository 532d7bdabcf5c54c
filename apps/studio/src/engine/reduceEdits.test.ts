import type { Device, PciAddress } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { type EditAction, labelOf, subjectOf } from './editActions.ts'
import { editableIds, type Edits, NO_EDITS } from './edits.ts'
import { reduceEdits } from './reduceEdits.ts'

const at = (bus: number, slot: number): PciAddress => ({ type: 'pci', domain: 0, bus, slot, function: 0 })
const nic: Device = { id: 'new-interface0', kind: 'interface', origin: 'input', model: 'virtio' }
const enginePort = {
  id: 'controller-pci5',
  kind: 'controller',
  type: 'pci',
  model: 'pcie-root-port',
  index: 5,
  origin: 'auto',
} as Device & { index: number }

/** Edits that already hold something for another device (disk9) and for every setting. */
const BUSY: Edits = {
  addresses: { disk9: at(3, 0) },
  added: [{ id: 'new-disk0', kind: 'disk', origin: 'input', bus: 'virtio', dst: 'vdz' }],
  removed: ['interface9'],
  numaPins: { disk9: 1 },
  hotplug: { 9: { hotplug: 'off' } },
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v)
    Object.freeze(o)
  }
  return o
}

/** One action of each type, all about disk0 (or port 5), none about disk9. */
const ACTIONS: EditAction[] = [
  { type: 'set-address', deviceId: 'disk0', title: 'disk vda', address: at(5, 0) },
  { type: 'clear-address', deviceId: 'disk0', title: 'disk vda' },
  { type: 'add-device', device: nic, title: 'virtio NIC' },
  { type: 'remove-device', deviceId: 'disk0', title: 'disk vda' },
  { type: 'pin-numa', deviceId: 'disk0', title: 'disk vda', node: 1 },
  { type: 'unpin-numa', deviceId: 'disk0', title: 'disk vda' },
  { type: 'set-port-hotplug', port: enginePort, hotplug: 'off' },
  { type: 'set-spare-ports', free: 3 },
  { type: 'set-numa-nodes', count: 2 },
]

describe('reduceEdits', () => {
  it('set-address gives the device an address, replacing one it had', () => {
    const once = reduceEdits(NO_EDITS, { type: 'set-address', deviceId: 'disk0', title: 'disk vda', address: at(5, 0) })
    expect(once.addresses).toEqual({ disk0: at(5, 0) })
    const twice = reduceEdits(once, { type: 'set-address', deviceId: 'disk0', title: 'disk vda', address: at(6, 0) })
    expect(twice.addresses).toEqual({ disk0: at(6, 0) })
  })

  it('clear-address records null so that the engine places the device', () => {
    const e = reduceEdits({ ...NO_EDITS, addresses: { disk0: at(5, 0) } }, { type: 'clear-address', deviceId: 'disk0', title: 'disk vda' })
    expect(e.addresses).toEqual({ disk0: null })
  })

  it('add-device appends the device, in order', () => {
    const e = reduceEdits(BUSY, { type: 'add-device', device: nic, title: 'virtio NIC' })
    expect(e.added.map((d) => d.id)).toEqual(['new-disk0', 'new-interface0'])
  })

  it('remove-device removes an input device once, and drops its address and pin', () => {
    const edits: Edits = { ...NO_EDITS, addresses: { disk0: at(5, 0) }, numaPins: { disk0: 0 } }
    const e = reduceEdits(edits, { type: 'remove-device', deviceId: 'disk0', title: 'disk vda' })
    expect(e.removed).toEqual(['disk0'])
    expect(e.addresses).toEqual({})
    expect(e.numaPins).toEqual({})
    expect(reduceEdits(e, { type: 'remove-device', deviceId: 'disk0', title: 'disk vda' })).toBe(e)
  })

  it('remove-device takes back a device added from the palette instead of listing it as removed', () => {
    const added = reduceEdits(NO_EDITS, { type: 'add-device', device: nic, title: 'virtio NIC' })
    const placed = reduceEdits(added, { type: 'set-address', deviceId: nic.id, title: 'interface', address: at(0, 10) })
    const e = reduceEdits(placed, { type: 'remove-device', deviceId: nic.id, title: 'interface' })
    expect(e.added).toEqual([])
    expect(e.removed).toEqual([])
    // the next NIC added gets the same id: it must not inherit the address
    expect(e.addresses).toEqual({})
  })

  it('pin-numa pins the device and forgets its address; unpin-numa undoes the pin', () => {
    const placed: Edits = { ...NO_EDITS, addresses: { disk0: at(5, 0) } }
    const pinned = reduceEdits(placed, { type: 'pin-numa', deviceId: 'disk0', title: 'disk vda', node: 1 })
    expect(pinned.numaPins).toEqual({ disk0: 1 })
    expect(pinned.addresses).toEqual({})
    const unpinned = reduceEdits(
      { ...pinned, addresses: { disk0: at(5, 0) } },
      { type: 'unpin-numa', deviceId: 'disk0', title: 'disk vda' },
    )
    expect(unpinned.numaPins).toEqual({})
    expect(unpinned.addresses).toEqual({})
  })

  it('set-port-hotplug stores an input port by index, and writes an engine-added port into the input', () => {
    const inputPort = { ...enginePort, origin: 'input' as const }
    expect(reduceEdits(NO_EDITS, { type: 'set-port-hotplug', port: inputPort, hotplug: 'off' }).hotplug).toEqual({ 5: { hotplug: 'off' } })
    const e = reduceEdits(NO_EDITS, { type: 'set-port-hotplug', port: enginePort, hotplug: 'off' })
    expect(e.hotplug[5]).toEqual({ hotplug: 'off', controller: { ...enginePort, origin: 'input' } })
    expect(e.hotplug[5]?.controller?.id).toBe('controller-pci5')
  })

  it('set-spare-ports and set-numa-nodes set a value, and undefined goes back to the default', () => {
    const spare = reduceEdits(NO_EDITS, { type: 'set-spare-ports', free: 3 })
    expect(spare.sparePortsFree).toBe(3)
    expect('sparePortsFree' in reduceEdits(spare, { type: 'set-spare-ports', free: undefined })).toBe(false)
    const numa = reduceEdits(NO_EDITS, { type: 'set-numa-nodes', count: 2 })
    expect(numa.numaNodes).toBe(2)
    expect('numaNodes' in reduceEdits(numa, { type: 'set-numa-nodes', count: undefined })).toBe(false)
  })

  it.each(ACTIONS.map((a) => [a.type, a] as const))('%s touches only its device and leaves its input alone', (_type, action) => {
    const before = deepFreeze(structuredClone(BUSY))
    const after = reduceEdits(before, action)
    expect(before).toEqual(BUSY)
    // what the edits held for disk9, interface9, new-disk0 and port 9 is unchanged
    expect(after.addresses.disk9).toEqual(BUSY.addresses.disk9)
    expect(after.numaPins.disk9).toBe(1)
    expect(after.added[0]).toEqual(BUSY.added[0])
    expect(after.removed).toContain('interface9')
    expect(after.hotplug[9]).toEqual({ hotplug: 'off' })
    // and nothing else appeared for them
    const others = (r: Record<string, unknown>) => Object.keys(r).filter((k) => k !== 'disk0' && k !== 'new-interface0' && k !== '5')
    expect(others(after.addresses)).toEqual(['disk9'])
    expect(others(after.numaPins)).toEqual(['disk9'])
    expect(others(after.hotplug)).toEqual(['9'])
  })
})

describe('labelOf', () => {
  it('names every action from the action alone', () => {
    expect(ACTIONS.map(labelOf)).toEqual([
      'move disk vda to 0000:05:00.0',
      'let the engine place disk vda',
      'add virtio NIC',
      'remove disk vda',
      'pin disk vda to NUMA node 1',
      'unpin disk vda',
      'hotplug off on port 5',
      'reserve 3 hotplug ports',
      '2 guest NUMA nodes',
    ])
    expect(labelOf({ type: 'add-device', device: { ...nic, address: at(0, 10) }, title: 'virtio NIC' })).toBe(
      'add virtio NIC at 0000:00:0a.0',
    )
    expect(labelOf({ type: 'set-spare-ports', free: undefined })).toBe('spare ports as libvirt')
  })

  it('subjectOf names the device an action is about', () => {
    expect(ACTIONS.map(subjectOf)).toEqual([
      'disk0',
      'disk0',
      'new-interface0',
      'disk0',
      'disk0',
      'disk0',
      'controller-pci5',
      undefined,
      undefined,
    ])
  })
})

describe('editableIds', () => {
  it('is the document devices and the added ones, less the removed', () => {
    const edits = reduceEdits(reduceEdits(NO_EDITS, { type: 'add-device', device: nic, title: 'virtio NIC' }), {
      type: 'remove-device',
      deviceId: 'disk1',
      title: 'disk vdb',
    })
    expect([...editableIds(['disk0', 'disk1'], edits)]).toEqual(['disk0', 'new-interface0'])
  })
})

import type { Device, Expansion } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { busGroups, GROUP_OPEN_MAX, nonPciBusOf, placeBusGroup } from './busGroups.ts'
import type { FlowModel } from './flowTypes.ts'

const expansion = (devices: Device[]): Expansion => ({
  arch: 'x86_64',
  machine: 'q35',
  devices,
  policy: { name: 'libvirt', version: 1 },
  explanations: [],
  warnings: [],
})
const sata: Device = {
  id: 'controller-sata0',
  kind: 'controller',
  type: 'sata',
  index: 0,
  origin: 'auto',
  address: { type: 'pci', domain: 0, bus: 0, slot: 31, function: 2 },
}
const cdrom: Device = {
  id: 'disk1',
  kind: 'disk',
  diskDevice: 'cdrom',
  bus: 'sata',
  dst: 'sda',
  origin: 'input',
  address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 },
}
const tablet = (i: number): Device => ({
  id: `input${i}`,
  kind: 'input',
  type: 'tablet',
  bus: 'usb',
  origin: 'input',
  address: { type: 'usb', bus: 0, port: String(i + 1) },
})

describe('busGroups', () => {
  it('groups devices by non-PCI bus, names the controller, and puts devices with no bus last', () => {
    const pcspk: Device = { id: 'sound0', kind: 'sound', origin: 'input' }
    const groups = busGroups(expansion([sata, cdrom, tablet(0), pcspk]))
    expect(groups.map((g) => [g.id, g.title, g.controller?.id, g.items.map((d) => d.id), g.defaultOpen])).toEqual([
      ['grp:sata:0', 'SATA 0', 'controller-sata0', ['disk1'], true],
      ['grp:usb:0', 'USB 0', undefined, ['input0'], true],
      ['grp:platform', 'Platform devices', undefined, ['sound0'], false],
    ])
    expect(nonPciBusOf(sata)).toBeUndefined()
  })

  it("names an NVMe controller's group as NVMe writes itself", () => {
    const nvme: Device = {
      id: 'disk2',
      kind: 'disk',
      bus: 'nvme',
      dst: 'nvme1n1',
      origin: 'input',
      address: { type: 'drive', controller: 1, bus: 0, target: 0, unit: 0 },
    }
    expect(busGroups(expansion([nvme])).map((g) => [g.id, g.title])).toEqual([['grp:nvme:1', 'NVMe 1']])
  })

  it(`starts a group of more than ${GROUP_OPEN_MAX} devices closed`, () => {
    const groups = busGroups(expansion(Array.from({ length: GROUP_OPEN_MAX + 1 }, (_, i) => tablet(i))))
    expect(groups[0]?.defaultOpen).toBe(false)
  })

  it('places a group right after its controller, in the same container, with an edge; folded with it when it is hidden', () => {
    const [group] = busGroups(expansion([sata, cdrom]))
    const model: FlowModel = {
      nodes: [
        {
          id: 'pci:0',
          type: 'bus',
          data: { deviceId: 'c', index: 0, model: 'pcie-root', freeSlots: 0, origin: 'input' },
          draggable: false,
        },
        {
          id: 'dev:controller-sata0',
          type: 'device',
          parentId: 'pci:0',
          data: { deviceId: 'controller-sata0', kind: 'controller', title: '', model: '', xmlAddress: '', origin: 'auto', editable: false },
          draggable: false,
        },
        {
          id: 'dev:other',
          type: 'device',
          parentId: 'pci:0',
          data: { deviceId: 'other', kind: 'disk', title: '', model: '', xmlAddress: '', origin: 'input', editable: false },
          draggable: false,
        },
      ],
      edges: [],
      nodeOfDevice: { 'controller-sata0': 'dev:controller-sata0' },
      hiddenIn: {},
    }
    placeBusGroup(model, group!, {})
    expect(model.nodes.map((n) => n.id)).toEqual(['pci:0', 'dev:controller-sata0', 'grp:sata:0', 'dev:other'])
    expect(model.nodes[2]?.parentId).toBe('pci:0')
    expect(model.edges).toEqual([{ id: 'e:dev:controller-sata0-grp:sata:0', source: 'dev:controller-sata0', target: 'grp:sata:0' }])
    expect(model.nodeOfDevice['disk1']).toBe('grp:sata:0')

    const folded: FlowModel = { nodes: [], edges: [], nodeOfDevice: {}, hiddenIn: { 'controller-sata0': 'run:0:4.0' } }
    placeBusGroup(folded, group!, {})
    expect(folded.nodes).toEqual([])
    expect(folded.hiddenIn['disk1']).toBe('run:0:4.0')
  })
})

import type { Device } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { deviceDetails, searchDevices } from './deviceSearch.ts'

const devices: Device[] = [
  {
    id: 'interface0',
    kind: 'interface',
    origin: 'input',
    type: 'network',
    model: 'virtio',
    address: { type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 },
  },
  { id: 'interface1', kind: 'interface', origin: 'input', type: 'bridge', model: 'e1000e' },
  { id: 'disk0', kind: 'disk', origin: 'input', bus: 'virtio', dst: 'vda' },
  { id: 'hostdev0', kind: 'hostdev', origin: 'input', type: 'pci', hostAddress: '0000:41:00.0' },
]
const facts = {
  interface0: { mac: '52:54:00:aa:bb:01', network: 'network default' },
  interface1: { mac: '52:54:00:aa:bb:02', network: 'bridge br0', alias: 'ua-uplink' },
  disk0: { source: '/var/lib/libvirt/images/root.qcow2' },
  hostdev0: { hostAddress: '0000:41:00.0', managed: false },
}

describe('searchDevices', () => {
  it('finds a NIC by its MAC, a bridge, an alias, a disk source, a host address', () => {
    expect(searchDevices(devices, facts, '52:54:00:aa:bb:02')).toEqual(['interface1'])
    expect(searchDevices(devices, facts, 'BR0')).toEqual(['interface1'])
    expect(searchDevices(devices, facts, 'ua-uplink')).toEqual(['interface1'])
    expect(searchDevices(devices, facts, 'root.qcow2')).toEqual(['disk0'])
    expect(searchDevices(devices, facts, '41:00.0')).toEqual(['hostdev0'])
  })

  it('every word must match; an empty query finds nothing', () => {
    expect(searchDevices(devices, facts, 'interface e1000e')).toEqual(['interface1'])
    expect(searchDevices(devices, facts, '52:54:00')).toEqual(['interface0', 'interface1'])
    expect(searchDevices(devices, facts, '  ')).toEqual([])
  })

  it('details name a device the way its siblings do not', () => {
    expect(deviceDetails(devices[3]!, facts.hostdev0)).toEqual(['host 0000:41:00.0 (unmanaged)'])
    expect(deviceDetails(devices[1]!, facts.interface1)).toEqual(['52:54:00:aa:bb:02', 'bridge br0', 'alias ua-uplink'])
  })
})

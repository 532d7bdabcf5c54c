import { describe, expect, it } from 'vitest'

import type { LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { Address } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import { dev, expandOk, q35 } from '../testing/devices.ts'

const console = (address?: Address) => dev({ kind: 'console', type: 'pty', targetType: 'virtio', ...(address ? { address } : {}) })
const channel = (name: string, address?: Address) =>
  dev({ kind: 'channel', type: 'unix', targetType: 'virtio', targetName: name, ...(address ? { address } : {}) })
const serialController = (index: number, ports?: number) =>
  dev({ kind: 'controller', type: 'virtio-serial', index, ...(ports === undefined ? {} : { ports }) })

/** Each channel's `controller:port`, in document order. */
function channelPorts(devices: Device[], libvirtVersion: LibvirtVersion): string[] {
  const e = expandOk(q35(devices), { libvirtVersion })
  return e.devices.flatMap((d) =>
    d.kind === 'channel' && d.address?.type === 'virtio-serial' ? [`${d.address.controller}:${d.address.port}`] : [],
  )
}

describe('assignVirtioSerialAddresses', () => {
  it('gives virtio consoles port 0 without taking it, however many there are (all releases)', () => {
    const devices = [console(), console(), console(), channel('a'), channel('b')]
    for (const v of ['9.0', '11.3', '12.8'] as const) expect(channelPorts(devices, v)).toEqual(['0:1', '0:2'])
  })

  it('until 12, a console with a port-less address takes a port of controller 0, whatever controller it names', () => {
    const devices = [
      serialController(0),
      serialController(1),
      console(),
      console({ type: 'virtio-serial', controller: 1, bus: 0, port: 0 }),
      channel('a'),
      channel('b', { type: 'virtio-serial', controller: 1, bus: 0, port: 0 }),
    ]
    expect(channelPorts(devices, '9.0')).toEqual(['0:2', '1:1'])
    expect(channelPorts(devices, '11.3')).toEqual(['0:2', '1:1'])
    expect(channelPorts(devices, '12.8')).toEqual(['0:1', '1:1'])
  })

  it('until 12, that console can fill controller 0, so a channel adds a controller', () => {
    const devices = [serialController(0, 2), console({ type: 'virtio-serial', controller: 0, bus: 0, port: 0 }), channel('a')]
    expect(channelPorts(devices, '11.3')).toEqual(['1:1'])
    expect(channelPorts(devices, '12.8')).toEqual(['0:1'])
  })
})

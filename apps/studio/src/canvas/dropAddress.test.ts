import type { Device, Expansion } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { dropAddress } from './dropAddress.ts'
import type { PlacedNode } from './layout.ts'

const at = (bus: number, slot: number) => ({ type: 'pci' as const, domain: 0, bus, slot, function: 0 })
const target = (type: 'bus' | 'port', index: number, model: string): PlacedNode => ({
  id: `pci:${index}`,
  type,
  data: { deviceId: `controller-pci${index}`, index, model, freeSlots: 0, origin: 'input', xmlAddress: '', hotplug: 'on', empty: false },
  draggable: false,
  x: 0,
  y: 0,
  width: 1,
  height: 1,
  absX: 0,
  absY: 0,
})
const expansion = (devices: Device[]): Expansion => ({
  arch: 'x86_64',
  machine: 'q35',
  devices,
  policy: { name: 'libvirt', version: 1 },
  explanations: [],
  warnings: [],
})
const disk = (id: string, bus: number, slot: number): Device => ({ id, kind: 'disk', origin: 'input', address: at(bus, slot) })

describe('dropAddress', () => {
  it('asks for the one slot of a port, even when it is taken (the engine says why not)', () => {
    expect(dropAddress(expansion([disk('disk0', 4, 0)]), target('port', 4, 'pcie-root-port'))).toEqual(at(4, 0))
  })

  it('asks for the first unused slot of the range the engine gives the bus', () => {
    // pcie-root starts at slot 1; slot 1 and 2 are used
    expect(dropAddress(expansion([disk('a', 0, 1), disk('b', 0, 2)]), target('bus', 0, 'pcie-root'))).toEqual(at(0, 3))
    // a switch's upstream port starts at slot 0
    expect(dropAddress(expansion([]), target('bus', 7, 'pcie-switch-upstream-port'))).toEqual(at(7, 0))
    // the device being moved frees its own slot
    expect(dropAddress(expansion([disk('a', 0, 1)]), target('bus', 0, 'pcie-root'), 'a')).toEqual(at(0, 1))
  })

  it('gives nothing for a full bus or an unknown model', () => {
    const full = Array.from({ length: 31 }, (_, i) => disk(`d${i}`, 0, i + 1))
    expect(dropAddress(expansion(full), target('bus', 0, 'pci-root'))).toBeUndefined()
    expect(dropAddress(expansion([]), target('bus', 0, 'pci'))).toBeUndefined()
  })
})

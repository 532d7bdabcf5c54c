import { describe, expect, it } from 'vitest'

import EXAMPLE from '../../../../public/examples/q35-basic.xml?raw'
import { formatAddress, formatPciAddress, readDevices } from './readDevices.ts'

describe('readDevices', () => {
  it('lists the devices of the built-in example, none with an address yet', () => {
    const result = readDevices(EXAMPLE)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows.map((r) => `${r.kind}: ${r.label}`)).toEqual([
      'disk: vda virtio',
      'disk: vdb virtio',
      'disk: vdc virtio',
      'interface: virtio 52:54:00:6b:3c:01',
      'interface: e1000e 52:54:00:6b:3c:02',
      'hostdev: pci host 0000:03:00.0',
      'input: tablet usb',
    ])
    expect(result.rows.every((r) => r.address === null)).toBe(true)
  })

  it('reads the guest address, not the host address of a hostdev', () => {
    const result = readDevices(`<domain><devices>
      <hostdev mode='subsystem' type='pci'>
        <source><address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></source>
        <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>
      </hostdev>
      <controller type='pci' index='1' model='pcie-root-port'>
        <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>
      </controller>
      <input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>
    </devices></domain>`)
    if (!result.ok) throw new Error(result.message)
    expect(result.rows.map((r) => formatAddress(r.address))).toEqual([
      '0000:05:00.0',
      '0000:00:02.0 (multifunction)',
      'usb bus=0 port=1',
    ])
    expect(result.rows[1]?.label).toBe('pci 1 pcie-root-port')
  })

  it('reports XML that is not well-formed', () => {
    expect(readDevices('<domain><devices>').ok).toBe(false)
  })
})

describe('formatPciAddress', () => {
  it('pads like libvirt', () => {
    expect(formatPciAddress({ domain: 0, bus: 0, slot: 0x1f, function: 2 })).toBe('0000:00:1f.2')
  })
})

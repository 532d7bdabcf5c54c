import type { Device } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from './parseDomainXml.ts'
import { serializeDomainXml } from './serializeDomainXml.ts'
import type { WritableExpansion } from './writeExpansion.ts'
import { writeExpansion } from './writeExpansion.ts'

const INPUT = `<?xml version="1.0"?>
<domain type='kvm'>
  <name>t</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <!-- the system disk -->
    <disk type='file' device='disk'>
      <source file="/var/lib/a.img"/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <controller type='pci' index='2' model='pcie-root-port'/>
    <controller model='pcie-root' type='pci' index='0'/>
    <vendor:thing xmlns:vendor='urn:x'/>
    <interface type='user'>
      <model type='virtio'/>
      <address type="pci" domain="0" bus="1" slot="0" function="0" x-custom="kept"/>
    </interface>
    <memballoon model='virtio'/>
  </devices>
</domain>
`

const EXPECTED = `<?xml version="1.0"?>
<domain type='kvm'>
  <name>t</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <!-- the system disk -->
    <disk type='file' device='disk'>
      <source file="/var/lib/a.img"/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>
    </disk>
    <controller type='pci' index='0' model='pcie-root'/>
    <vendor:thing xmlns:vendor='urn:x'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='1' port='0x10'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0' multifunction='on'/>
    </controller>
    <controller type='pci' index='2' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='2' port='0x11'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/>
    </controller>
    <interface type='user'>
      <model type='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' x-custom="kept"/>
    </interface>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
    </memballoon>
  </devices>
</domain>
`

const pci = (bus: number, slot: number, fn = 0, multifunction?: 'on') => ({
  type: 'pci' as const,
  domain: 0,
  bus,
  slot,
  function: fn,
  ...(multifunction ? { multifunction } : {}),
})

function parse(xml: string) {
  const r = parseDomainXml(xml)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** What an engine would return for INPUT: root ports sorted by index, one added. */
function expansionFor(input: Device[]): WritableExpansion {
  const [disk, port2, root, iface, balloon] = input
  const rootPort = (index: number, chassis: number, port: number): Partial<Device> => ({
    index,
    modelName: 'pcie-root-port',
    target: { chassis, port },
  })
  return {
    arch: 'x86_64',
    machine: 'q35',
    devices: [
      { ...disk!, address: pci(3, 0) },
      { ...root! },
      {
        id: 'auto-root-port-1',
        kind: 'controller',
        origin: 'auto',
        type: 'pci',
        model: 'pcie-root-port',
        ...rootPort(1, 1, 0x10),
        address: pci(0, 1, 0, 'on'),
      },
      { ...port2!, ...rootPort(2, 2, 0x11), address: pci(0, 1, 1) },
      { ...iface! },
      { ...balloon!, address: pci(2, 0) },
    ],
  }
}

describe('writeExpansion', () => {
  it('writes addresses, adds controllers in order and keeps what it does not own', () => {
    const doc = parse(INPUT)
    expect(writeExpansion(doc, expansionFor(doc.input.devices))).toBe(EXPECTED)
  })

  it('never changes the document it is given', () => {
    const doc = parse(INPUT)
    const expansion = expansionFor(doc.input.devices)
    const first = writeExpansion(doc, expansion)
    expect(serializeDomainXml(doc)).toBe(INPUT)
    expect(writeExpansion(doc, expansion)).toBe(first)
  })

  it('is idempotent: the same expansion written into its own re-parsed output gives the same text', () => {
    const doc = parse(INPUT)
    const expansion = expansionFor(doc.input.devices)
    const once = writeExpansion(doc, expansion)
    // in the output, device i of the expansion is device element i
    const again: WritableExpansion = {
      ...expansion,
      devices: expansion.devices.map((d, i) => ({ ...d, origin: 'input', sourceIndex: i })),
    }
    expect(writeExpansion(parse(once), again)).toBe(once)
  })

  it('with the identity expansion only reformats addresses and controller attribute order', () => {
    const doc = parse(INPUT)
    const out = writeExpansion(doc, { arch: 'x86_64', machine: 'q35', devices: doc.input.devices })
    expect(out).toContain(`<controller type='pci' index='0' model='pcie-root'/>`)
    expect(out).toContain(`<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' x-custom="kept"/>`)
    expect(out.replace(/<address[^>]*>/, '').replace(`<controller type='pci' index='0' model='pcie-root'/>`, '')).toBe(
      INPUT.replace(/<address[^>]*>/, '').replace(`<controller model='pcie-root' type='pci' index='0'/>`, ''),
    )
  })

  it('rewrites an existing address in place, keeping children it does not know, and writes zPCI', () => {
    const doc = parse(`<domain>
  <os><type>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci'>
      <source>
        <address domain='0x0001' bus='0x00' slot='0x00' function='0x0'/>
      </source>
      <address type='pci'/>
      <boot order='1'/>
    </hostdev>
  </devices>
</domain>`)
    const [hostdev] = doc.input.devices
    expect(hostdev?.address).toEqual(pci(0, 0))
    const out = writeExpansion(doc, {
      arch: 'x86_64',
      machine: 's390-ccw-virtio',
      devices: [{ ...hostdev!, address: { ...pci(0, 1), zpci: { uid: 1, fid: 0 } } }],
    })
    expect(out).toBe(`<domain>
  <os><type>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci'>
      <source>
        <address domain='0x0001' bus='0x00' slot='0x00' function='0x0'/>
      </source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'>
        <zpci uid='0x0001' fid='0x00000000'/>
      </address>
      <boot order='1'/>
    </hostdev>
  </devices>
</domain>`)
  })

  it('keeps only the first of several <address> children, the one libvirt reads', () => {
    const doc = parse(`<domain>
  <os><type>hvm</type></os>
  <devices>
    <memballoon model='virtio'>
      <address type='pci' bus='0x00' slot='0x05'/>
      <address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0003'/>
    </memballoon>
  </devices>
</domain>`)
    const [balloon] = doc.input.devices
    expect(balloon?.address).toEqual(pci(0, 5))
    const { address: _, ...unaddressed } = balloon!
    const dropped = writeExpansion(doc, { arch: 's390x', machine: 's390-ccw-virtio', devices: [unaddressed] })
    // note: the second address must not come back as the device's address on the next read
    expect(dropped).not.toContain('<address')
    const kept = writeExpansion(doc, { arch: 'x86_64', machine: 'pc', devices: [balloon!] })
    expect(kept.match(/<address/g)).toHaveLength(1)
    expect(parse(kept).input.devices[0]?.address).toEqual(pci(0, 5))
  })

  it('formats every address type as libvirt does', () => {
    const doc = parse(`<domain>\n  <os><type>hvm</type></os>\n  <devices>\n    <disk type='file'/>\n  </devices>\n</domain>`)
    const [disk] = doc.input.devices
    const write = (address: Device['address']) => {
      const out = writeExpansion(doc, { arch: 'x86_64', machine: 'pc', devices: [{ ...disk!, ...(address ? { address } : {}) }] })
      return /<address[^>]*>/.exec(out)?.[0]
    }
    expect(write({ type: 'drive', controller: 0, bus: 1, target: 0, unit: 2 })).toBe(
      `<address type='drive' controller='0' bus='1' target='0' unit='2'/>`,
    )
    expect(write({ type: 'virtio-serial', controller: 0, bus: 0, port: 3 })).toBe(
      `<address type='virtio-serial' controller='0' bus='0' port='3'/>`,
    )
    expect(write({ type: 'ccid', controller: 0, slot: 0 })).toBe(`<address type='ccid' controller='0' slot='0'/>`)
    expect(write({ type: 'usb', bus: 0 })).toBe(`<address type='usb' bus='0'/>`)
    expect(write({ type: 'usb', bus: 0, port: '1.2' })).toBe(`<address type='usb' bus='0' port='1.2'/>`)
    expect(write({ type: 'spapr-vio', reg: 0x2000 })).toBe(`<address type='spapr-vio' reg='0x00002000'/>`)
    expect(write({ type: 'ccw', cssid: 0xfe, ssid: 0, devno: 1 })).toBe(`<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>`)
    expect(write({ type: 'dimm', slot: 0, base: 0x100000000 })).toBe(`<address type='dimm' slot='0' base='0x100000000'/>`)
    expect(write({ type: 'isa', iobase: 0x505, irq: 4 })).toBe(`<address type='isa' iobase='0x505' irq='0x4'/>`)
    expect(write({ type: 'virtio-mmio' })).toBe(`<address type='virtio-mmio'/>`)
    expect(write({ type: 'unassigned' })).toBe(`<address type='unassigned'/>`)
    expect(write(pci(0x1f, 0x1f, 7, 'on'))).toBe(
      `<address type='pci' domain='0x0000' bus='0x1f' slot='0x1f' function='0x7' multifunction='on'/>`,
    )
    expect(write(undefined)).toBeUndefined()
  })

  it('writes controller targets with <node>, and master startport before the address', () => {
    const doc = parse(`<domain>
  <os><type>hvm</type></os>
  <devices>
    <controller type='pci' index='1' model='pci-expander-bus'>
      <driver foo='bar'/>
    </controller>
    <controller type='usb' index='0' model='ich9-uhci1'>
      <alias name='ua-usb'/>
      <address type='pci' bus='0' slot='0x1d'/>
    </controller>
  </devices>
</domain>
`)
    const [pxb, uhci] = doc.input.devices
    const out = writeExpansion(doc, {
      arch: 'x86_64',
      machine: 'pc',
      devices: [
        { ...pxb!, modelName: 'pxb', target: { busNr: 254, node: 1 }, address: pci(0, 3) },
        { ...uhci!, masterStartport: 0 },
      ],
    })
    // note: the writer shares the nodes it does not edit with the input, and copies those it edits
    expect(serializeDomainXml(doc)).not.toContain('pxb')
    expect(serializeDomainXml(doc)).not.toContain('startport')
    expect(out).toBe(`<domain>
  <os><type>hvm</type></os>
  <devices>
    <controller type='pci' index='1' model='pci-expander-bus'>
      <model name='pxb'/>
      <driver foo='bar'/>
      <target busNr='254'>
        <node>1</node>
      </target>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
    </controller>
    <controller type='usb' index='0' model='ich9-uhci1'>
      <alias name='ua-usb'/>
      <master startport='0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x1d' function='0x0'/>
    </controller>
  </devices>
</domain>
`)
  })

  it('creates new default devices and a <devices> block when there is none', () => {
    const doc = parse(`<domain type='qemu'>\n  <name>x</name>\n  <os><type>hvm</type></os>\n</domain>\n`)
    const out = writeExpansion(doc, {
      arch: 'x86_64',
      machine: 'pc',
      devices: [
        { id: 'c', kind: 'controller', origin: 'default', type: 'usb', index: 0, model: 'piix3-uhci', address: pci(0, 1, 2) },
        { id: 'i', kind: 'input', origin: 'default', type: 'mouse', bus: 'ps2' },
        { id: 'v', kind: 'video', origin: 'default', model: 'cirrus', primary: true, address: pci(0, 2) },
        { id: 'm', kind: 'memballoon', origin: 'default', model: 'virtio', address: pci(0, 3) },
      ],
    })
    expect(out).toBe(`<domain type='qemu'>
  <name>x</name>
  <os><type>hvm</type></os>
  <devices>
    <controller type='usb' index='0' model='piix3-uhci'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/>
    </controller>
    <input type='mouse' bus='ps2'/>
    <video>
      <model type='cirrus' primary='yes'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </video>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
    </memballoon>
  </devices>
</domain>
`)
  })
})

describe('a domain with two <devices> elements', () => {
  it('reads the devices of both and writes them into one, as libvirt does', () => {
    const text = `<domain type='qemu'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <interface type='network'/>
  </devices>
  <devices>
    <interface type='user'/>
  </devices>
</domain>
`
    const doc = parse(text)
    expect(doc.input.devices.map((d) => [d.id, d.type, d.sourceIndex])).toEqual([
      ['interface0', 'network', 0],
      ['interface1', 'user', 1],
    ])
    const out = writeExpansion(doc, {
      arch: 'x86_64',
      machine: 'q35',
      devices: doc.input.devices.map((d, i) => ({ ...d, address: pci(i + 1, 0) })),
    })
    expect(serializeDomainXml(doc)).toBe(text)
    expect(out).toBe(`<domain type='qemu'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <interface type='network'>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </interface>
    <interface type='user'>
      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
    </interface>
  </devices>
</domain>
`)
  })
})

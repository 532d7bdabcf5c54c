import { type Device, expandDomain } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainYaml } from '../data/parseDomainData.ts'
import { parseDomainXml } from './parseDomainXml.ts'
import { toDomainXml } from './toDomainXml.ts'

const YAML = `arch: x86_64
machine: q35
vcpus: 4
numaNodes: 2
firmware: efi
sharedMemory: true
features: [acpi]
devices:
  - kind: disk
    bus: virtio
    dst: vda
    bootOrder: 1
  - kind: interface
    model: virtio
    numaNode: 1
    hotplug: "off"
`

/** A device without its identity, and without the defaults the XML reader fills in. */
const strip = ({ id: _i, origin: _o, sourceIndex: _s, ...d }: Device) => {
  if (d.diskDevice === 'disk') delete d.diskDevice
  // note: the skeleton writes no disk sources (they are the caller's to add), so its disks read back without a medium
  if (d.kind === 'disk' && d.emptyMedium === true) delete d.emptyMedium
  if (d.primary === false) delete d.primary
  if (d.memorySlotted === false) delete d.memorySlotted
  return d
}

describe('toDomainXml', () => {
  it('writes a skeleton that reads back as the same domain, tunables and all', () => {
    const data = parseDomainYaml(YAML)
    if (!data.ok) throw new Error(data.error.message)
    const expansion = expandDomain(data.value.input)
    if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
    const xml = toDomainXml(expansion.value, data.value.input)
    expect(xml).toMatch(/^<domain type='kvm'>\n {2}<metadata>\n[^]*<\/metadata>\n {2}<vcpu>4<\/vcpu>\n/)
    expect(xml).toContain("<cell id='1'/>")
    const back = parseDomainXml(xml)
    if (!back.ok) throw new Error(back.error.message)
    expect(back.value.input).toMatchObject({
      arch: 'x86_64',
      machine: 'q35',
      vcpus: 4,
      numaNodes: 2,
      firmware: 'efi',
      sharedMemory: true,
      features: ['acpi'],
    })
    expect(back.value.input.devices.map(strip)).toEqual(expansion.value.devices.map(strip))
    expect(xml).toContain("<boot order='1'/>")
  })

  it('writes the I/O APIC driver into <features>, and the IOMMU libvirt adds for more than 255 vCPUs as libvirt writes it', () => {
    const data = parseDomainYaml('arch: x86_64\nmachine: q35\nvcpus: 288\nfeatures: [acpi, ioapic]\nioapic: qemu\ndevices: []\n')
    if (!data.ok) throw new Error(data.error.message)
    const expansion = expandDomain(data.value.input, { libvirtVersion: '11.3' })
    if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
    const xml = toDomainXml(expansion.value, data.value.input)
    expect(xml).toContain("  <features>\n    <acpi/>\n    <ioapic driver='qemu'/>\n  </features>")
    expect(xml).toMatch(/<iommu model='intel'>\n {6}<driver intremap='on' eim='on'\/>\n {4}<\/iommu>/)
    const back = parseDomainXml(xml)
    if (!back.ok) throw new Error(back.error.message)
    expect(back.value.input).toMatchObject({ ioapic: 'qemu', vcpus: 288 })
    expect(back.value.input.devices.find((d) => d.kind === 'iommu')).toMatchObject({ intremap: 'on', eim: 'on' })
  })

  it('boots by <os> when the input says so', () => {
    const data = parseDomainYaml('arch: x86_64\nmachine: q35\nosBoot: true\ndevices:\n  - kind: disk\n    bus: virtio\n    dst: vda\n')
    if (!data.ok) throw new Error(data.error.message)
    const expansion = expandDomain(data.value.input)
    if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
    const xml = toDomainXml(expansion.value, data.value.input)
    expect(xml).toContain("<boot dev='hd'/>")
    const back = parseDomainXml(xml)
    expect(back.ok && back.value.input.osBoot).toBe(true)
  })
})

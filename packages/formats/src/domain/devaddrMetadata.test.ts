import { type Device, expandDomain } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { formatXmlError } from '../expandDomainXml.ts'
import { parseDomainXml } from './parseDomainXml.ts'
import { serializeDomainXml } from './serializeDomainXml.ts'
import { writeExpansion } from './writeExpansion.ts'

const domain = (metadata: string) => `<domain type='kvm'>
  <name>m</name>
${metadata}  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu>
    <numa>
      <cell id='0' cpus='0' memory='1048576'/>
      <cell id='1' cpus='1' memory='1048576'/>
    </numa>
  </cpu>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vda.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <model type='virtio'/>
      <alias name='ua-net0'/>
    </interface>
    <interface type='network'>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`

const PLAIN = domain('')

const WITH_METADATA = domain(`  <metadata>
    <app:info xmlns:app='urn:example:app'>kept</app:info>
    <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="kubevirt" version="3">
      <devaddr:device alias="ua-net0" numaNode="1" hotplug="off"/>
      <devaddr:device id="interface1" placement="pci"/>
    </devaddr:policy>
  </metadata>
`)

function parse(xml: string) {
  const r = parseDomainXml(xml)
  if (!r.ok) throw new Error(formatXmlError(r.error))
  return r.value
}

const tunables = (d: Device) => ({ numaNode: d.numaNode, placement: d.placement, hotplug: d.hotplug })

describe('devaddr metadata: reading', () => {
  it('puts tunables on the devices named by alias or id, and records the policy', () => {
    const doc = parse(WITH_METADATA)
    expect(doc.policy).toEqual({ name: 'kubevirt', version: 3 })
    expect(doc.input.devices.map(tunables)).toEqual([
      { numaNode: undefined, placement: undefined, hotplug: undefined },
      { numaNode: 1, placement: undefined, hotplug: 'off' },
      { numaNode: undefined, placement: 'pci', hotplug: undefined },
    ])
  })

  it('finds the namespace declared on <metadata> too', () => {
    const xml = domain(`  <metadata xmlns:d="https://devaddr.dev/xml/policy/1">
    <d:policy name="x" version="2"><d:device id="disk0" numaNode="0"/></d:policy>
  </metadata>
`)
    const doc = parse(xml)
    expect(doc.policy).toEqual({ name: 'x', version: 2 })
    expect(doc.input.devices[0]?.numaNode).toBe(0)
  })

  it('leaves other namespaces and documents without the element alone', () => {
    const doc = parse(domain(`  <metadata>\n    <policy xmlns='urn:other' name='n' version='1'/>\n  </metadata>\n`))
    expect(doc.policy).toBeUndefined()
    expect(doc.input.devices.every((d) => d.numaNode === undefined)).toBe(true)
  })

  it.each([
    [
      'an unknown alias',
      '<devaddr:device alias="ua-nope" numaNode="1"/>',
      /line 5, column 7: devaddr metadata: <devaddr:device alias='ua-nope'> names no device of this domain/,
    ],
    ['an unknown id', '<devaddr:device id="interface7" numaNode="1"/>', /<devaddr:device id='interface7'> names no device/],
    [
      'a bad number',
      '<devaddr:device id="disk0" numaNode="one"/>',
      /<devaddr:device id='disk0'>: numaNode='one' must be a non-negative integer/,
    ],
    ['a bad placement', '<devaddr:device id="disk0" placement="isa"/>', /placement='isa' must be pci, pcie or integrated/],
    [
      'an unknown tunable',
      '<devaddr:device id="disk0" numa="1"/>',
      /unknown attribute 'numa' \(known: numaNode, placement, hotplug, hostIsPcie, hostIommuGroup\)/,
    ],
    ['both keys', '<devaddr:device id="disk0" alias="ua-net0"/>', /needs exactly one of alias and id/],
    ['one device twice', '<devaddr:device id="interface0"/><devaddr:device alias="ua-net0"/>', /interface0 has tunables twice/],
  ])('refuses %s, with its place', (_what, entry, message) => {
    const xml = domain(`  <metadata>
    <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="p" version="1">
      ${entry}
    </devaddr:policy>
  </metadata>
`)
    const r = parseDomainXml(xml)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(formatXmlError(r.error)).toMatch(message)
  })
})

describe('devaddr metadata: writing', () => {
  it('writes nothing for a libvirt expansion without tunables', () => {
    const doc = parse(PLAIN)
    const r = expandDomain(doc.input)
    if (!r.ok) throw new Error('rejected')
    expect(writeExpansion(doc, r.value)).not.toContain('metadata')
  })

  it('records a non-libvirt policy after <name>, indented like its siblings', () => {
    const doc = parse(PLAIN)
    const r = expandDomain(doc.input)
    if (!r.ok) throw new Error('rejected')
    const xml = writeExpansion(doc, { ...r.value, policy: { name: 'nova', version: 2 } })
    expect(xml).toContain(`  <name>m</name>
  <metadata>
    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='nova' version='2'/>
  </metadata>
  <os>`)
    expect(parse(xml).policy).toEqual({ name: 'nova', version: 2 })
  })

  it('round-trips tunables: alias kept as the key, otherwise the id in the written document', () => {
    const doc = parse(WITH_METADATA)
    const r = expandDomain(doc.input)
    if (!r.ok) throw new Error('rejected')
    const xml = writeExpansion(doc, r.value)
    expect(xml).toContain(`  <metadata>
    <app:info xmlns:app='urn:example:app'>kept</app:info>
    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='libvirt' version='1'>
      <devaddr:device alias='ua-net0' numaNode='1' hotplug='off'/>
      <devaddr:device id='interface1' placement='pci'/>
    </devaddr:policy>
  </metadata>`)
    const again = parse(xml)
    expect(again.input.devices.filter((d) => d.kind === 'interface').map(tunables)).toEqual([
      { numaNode: 1, placement: undefined, hotplug: 'off' },
      { numaNode: undefined, placement: 'pci', hotplug: undefined },
    ])
    // expanding the expansion changes nothing
    const r2 = expandDomain(again.input)
    if (!r2.ok) throw new Error('rejected')
    expect(writeExpansion(again, r2.value)).toBe(xml)
  })

  it('drops a stale element when the expansion is plain libvirt, keeping other metadata', () => {
    const doc = parse(WITH_METADATA)
    const plain = {
      ...doc,
      input: { ...doc.input, devices: doc.input.devices.map(({ numaNode: _n, placement: _p, hotplug: _h, ...d }) => d) },
    }
    const r = expandDomain(plain.input)
    if (!r.ok) throw new Error('rejected')
    const xml = writeExpansion(plain, r.value)
    expect(xml).toContain(`  <metadata>\n    <app:info xmlns:app='urn:example:app'>kept</app:info>\n  </metadata>`)
    expect(xml).not.toContain('devaddr')
    expect(serializeDomainXml(doc)).toBe(WITH_METADATA)
  })

  it('removes a <metadata> that held only its element', () => {
    const xml = domain(`  <metadata>
    <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="x" version="1"/>
  </metadata>
`)
    const doc = parse(xml)
    const r = expandDomain(doc.input)
    if (!r.ok) throw new Error('rejected')
    expect(writeExpansion(doc, r.value)).not.toContain('metadata')
    expect(serializeDomainXml(doc)).toBe(xml)
  })
})

describe('devaddr metadata: host facts', () => {
  it('reads hostIsPcie and hostIommuGroup of a passed-through device', () => {
    const xml = `<domain type='kvm'>
  <metadata>
    <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="libvirt" version="1">
      <devaddr:device id="hostdev0" hostIsPcie="false" hostIommuGroup="7"/>
    </devaddr:policy>
  </metadata>
  <memory unit='GiB'>4</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source></hostdev>
  </devices>
</domain>`
    const r = parseDomainXml(xml)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.input.devices[0]).toMatchObject({ hostIsPcie: false, hostIommuGroup: 7, hostAddress: '0000:01:00.0' })
    expect(r.value.input.memoryMiB).toBe(4096)
  })
})

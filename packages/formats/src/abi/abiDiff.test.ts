import type { Device } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from '../domain/parseDomainXml.ts'
import { formatXmlError } from '../expandDomainXml.ts'
import { diffDomainAbi, formatAbiChange } from './abiDiff.ts'
import { type AbiDomain, abiDomainFromInput, abiDomainFromXml } from './abiDomain.ts'

const pci = (bus: number, slot: number, fn = 0, multifunction?: 'on' | 'off') =>
  ({ type: 'pci', domain: 0, bus, slot, function: fn, ...(multifunction ? { multifunction } : {}) }) as const

const dev = (d: Partial<Device> & Pick<Device, 'kind'>): Device => ({ id: `${d.kind}0`, origin: 'input', ...d })

const domain = (devices: Device[], machine = 'pc-q35-8.2'): AbiDomain => abiDomainFromInput({ arch: 'x86_64', machine, devices })

const lines = (a: AbiDomain, b: AbiDomain) => diffDomainAbi(a, b).map(formatAbiChange)

const rootPort = (index: number, slot: number, fn: number, extra: Partial<Device> = {}) =>
  dev({
    kind: 'controller',
    type: 'pci',
    index,
    model: 'pcie-root-port',
    target: { chassis: index, port: 0x10 + fn },
    address: pci(0, slot, fn),
    ...extra,
  })

describe('diffDomainAbi', () => {
  it('finds nothing between identical domains', () => {
    const d = domain([rootPort(1, 2, 0), dev({ kind: 'disk', dst: 'vda', bus: 'virtio', address: pci(1, 0) })])
    expect(lines(d, d)).toEqual([])
  })

  it('reports a disk moved, matched by its target dev whatever the order', () => {
    const a = domain([dev({ kind: 'disk', dst: 'vda', address: pci(4, 0) }), dev({ kind: 'disk', dst: 'vdb', address: pci(5, 0) })])
    const b = domain([dev({ kind: 'disk', dst: 'vdb', address: pci(5, 0) }), dev({ kind: 'disk', dst: 'vda', address: pci(6, 0) })])
    expect(lines(a, b)).toEqual(['moved: disk vda: 0000:04:00.0 -> 0000:06:00.0'])
  })

  it('reports the machine type and architecture', () => {
    expect(lines(domain([], 'pc-q35-8.2'), domain([], 'pc-q35-9.0'))).toEqual(['machine: pc-q35-8.2 -> pc-q35-9.0'])
    expect(lines(domain([]), abiDomainFromInput({ arch: 'i686', machine: 'pc-q35-8.2', devices: [] }))).toEqual(['arch: x86_64 -> i686'])
  })

  it('reports controllers added, removed and remodelled, by type and index', () => {
    const a = domain([rootPort(1, 2, 0, { address: pci(0, 2, 0, 'on') }), rootPort(2, 2, 1)])
    const b = domain([
      rootPort(1, 2, 0, { address: pci(0, 2, 0, 'on') }),
      dev({ kind: 'controller', type: 'pci', index: 3, model: 'pcie-root-port', address: pci(0, 2, 2) }),
      dev({ kind: 'controller', type: 'pci', index: 2, model: 'pcie-to-pci-bridge', address: pci(0, 2, 1) }),
    ])
    expect(lines(a, b)).toEqual([
      'remodelled: controller pci index 2 (pcie-root-port): model pcie-root-port -> pcie-to-pci-bridge',
      'changed: controller pci index 2 (pcie-root-port): target.chassis 2 -> (none)',
      'changed: controller pci index 2 (pcie-root-port): target.port 17 -> (none)',
      'added: controller pci index 3 (pcie-root-port) at 0000:00:02.2',
    ])
    expect(lines(b, a)).toContain('removed: controller pci index 3 (pcie-root-port) at 0000:00:02.2')
  })

  it('reports a multifunction flag change, absent counting as off', () => {
    const a = domain([rootPort(1, 2, 0)])
    const b = domain([rootPort(1, 2, 0, { address: pci(0, 2, 0, 'on') })])
    expect(lines(a, b)).toEqual(['multifunction: controller pci index 1 (pcie-root-port): off -> on'])
    expect(lines(b, domain([rootPort(1, 2, 0, { address: pci(0, 2, 0, 'off') })]))).toEqual([
      'multifunction: controller pci index 1 (pcie-root-port): on -> off',
    ])
  })

  it('matches hostdevs by host address and the rest by position per kind', () => {
    const a = domain([
      dev({ kind: 'hostdev', hostAddress: '0000:3b:00.0', address: pci(7, 0) }),
      dev({ kind: 'video', model: 'vga', address: pci(0, 1) }),
      dev({ kind: 'memballoon', model: 'virtio', address: pci(5, 0) }),
    ])
    const b = domain([
      dev({ kind: 'memballoon', model: 'virtio', address: pci(6, 0) }),
      dev({ kind: 'hostdev', hostAddress: '0000:3b:00.0', address: pci(7, 0) }),
      dev({ kind: 'video', model: 'vga', address: pci(0, 1) }),
      dev({ kind: 'video', model: 'virtio', address: pci(8, 0) }),
    ])
    expect(lines(a, b)).toEqual(['moved: memballoon #1 (virtio): 0000:05:00.0 -> 0000:06:00.0', 'added: video #2 (virtio) at 0000:08:00.0'])
  })

  it('reports non-PCI addresses and model changes', () => {
    const a = domain([
      dev({ kind: 'disk', dst: 'sda', bus: 'sata', address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 } }),
    ])
    const b = domain([
      dev({ kind: 'disk', dst: 'sda', bus: 'scsi', address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 1 } }),
    ])
    expect(lines(a, b)).toEqual(['moved: disk sda: drive 0:0:0:0 -> drive 0:0:0:1', 'changed: disk sda: bus sata -> scsi'])
  })
})

describe('abiDomainFromXml', () => {
  const xml = (mac2: string, slot2: string) => `<domain type='kvm'>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <interface type='network'>
      <mac address='52:54:00:00:00:01'/>
      <model type='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </interface>
    <interface type='network'>
      <mac address='${mac2}'/>
      <model type='e1000'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='${slot2}' function='0x0'/>
    </interface>
    <watchdog model='i6300esb'>
      <alias name='ua-wd'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
    </watchdog>
  </devices>
</domain>`
  const read = (text: string) => {
    const r = parseDomainXml(text)
    if (!r.ok) throw new Error(formatXmlError(r.error))
    return abiDomainFromXml(r.value)
  }

  it('matches interfaces by MAC', () => {
    const a = read(xml('52:54:00:00:00:02', '0x03'))
    const b = read(xml('52:54:00:00:00:02', '0x04'))
    expect(lines(a, b)).toEqual(['moved: interface 52:54:00:00:00:02 (e1000): 0000:00:03.0 -> 0000:00:04.0'])
    expect(a.devices[2]?.identity).toBe('watchdog alias ua-wd')
  })

  it('pairs a device known by MAC with one without (XML against YAML)', () => {
    const text = xml('52:54:00:00:00:02', '0x03')
    const r = parseDomainXml(text)
    if (!r.ok) throw new Error('unreadable')
    expect(lines(read(text), abiDomainFromInput(r.value.input))).toEqual([])
  })

  it('sees a new MAC as one interface removed and another added', () => {
    const a = read(xml('52:54:00:00:00:02', '0x03'))
    const b = read(xml('52:54:00:00:00:03', '0x03'))
    expect(lines(a, b)).toEqual([
      'removed: interface 52:54:00:00:00:02 (e1000) at 0000:00:03.0',
      'added: interface 52:54:00:00:00:03 (e1000) at 0000:00:03.0',
    ])
  })
})

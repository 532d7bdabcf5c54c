import { childElement, parseXmlTree } from '@devaddr/conformance'
import { describe, expect, it } from 'vitest'

import { benchBridgedDomainXml, benchDomainXml, diskSuffix } from './benchDomain.ts'

describe('diskSuffix', () => {
  it('counts like libvirt disk names', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(diskSuffix)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'zz', 'aaa'])
  })
})

describe('benchDomainXml', () => {
  it.each([10, 100, 1000])('gives a well-formed q35 domain with %i devices and unique names', (count) => {
    const xml = benchDomainXml(count)
    expect(benchDomainXml(count)).toBe(xml)
    const parsed = parseXmlTree(xml)
    if (!parsed.ok) throw new Error(parsed.error)
    const devices = childElement(parsed.value, 'devices')?.children.filter((d) => d.name !== 'emulator') ?? []
    expect(devices).toHaveLength(count)
    const targets = devices.filter((d) => d.name === 'disk').map((d) => childElement(d, 'target')?.attributes.dev)
    expect(new Set(targets).size).toBe(targets.length)
    const macs = devices.filter((d) => d.name === 'interface').map((d) => childElement(d, 'mac')?.attributes.address)
    expect(new Set(macs).size).toBe(macs.length)
    expect(xml).not.toContain('<address type=')
  })
})

describe('benchBridgedDomainXml', () => {
  it('declares enough pci-bridges for every NIC, and the engine places them all', async () => {
    const { expandDomainXml } = await import('@devaddr/formats')
    const xml = benchBridgedDomainXml(200)
    expect(benchBridgedDomainXml(200)).toBe(xml)
    const r = expandDomainXml(xml, { newDomain: false })
    expect(r.ok).toBe(true)
    if (r.ok) expect((r.value.match(/<interface[\s\S]*?<address type='pci'/g) ?? []).length).toBe(200)
  })
})

import type { Device } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { CORPUS_MISSING_MESSAGE, corpusAvailable, corpusCaseNames, readCase } from '../test/corpus.ts'
import { removeChildElement } from '../xml/layout.ts'
import { serializeXml } from '../xml/serializeXml.ts'
import { childElement, childElements, cloneDocument, type XmlDocument, type XmlElement } from '../xml/tree.ts'
import { deviceElements, devicesElement } from './deviceElements.ts'
import { parseDomainXml } from './parseDomainXml.ts'
import type { WritableExpansion } from './writeExpansion.ts'
import { writeExpansion } from './writeExpansion.ts'

const expectedCases = () =>
  corpusCaseNames()
    .map(readCase)
    .filter((c) => c.expected !== undefined)

/** A controller devaddr can write from scratch exactly: nothing on it but what it owns. */
function isOwnedController(el: XmlElement): boolean {
  if (el.name !== 'controller') return false
  if (!el.attributes.every((a) => ['type', 'index', 'model'].includes(a.name))) return false
  return childElements(el).every((c) => {
    const names = c.attributes.map((a) => a.name)
    switch (c.name) {
      case 'model':
        return names.every((n) => n === 'name')
      case 'master':
        return names.every((n) => n === 'startport')
      case 'target':
        return names.every((n) => ['chassisNr', 'chassis', 'port', 'busNr', 'index', 'hotplug', 'memReserve'].includes(n))
      case 'address':
        return true
      default:
        return false
    }
  })
}

/** libvirt's output with every device address and every plain controller taken out. */
function strip(tree: XmlDocument): { stripped: string; removed: Set<number> } {
  const copy = cloneDocument(tree)
  const devices = devicesElement(copy)!
  const removed = new Set<number>()
  for (const [i, el] of deviceElements(copy).entries()) {
    if (isOwnedController(el)) {
      removeChildElement(devices, el)
      removed.add(i)
      continue
    }
    const address = childElement(el, 'address')
    if (address !== undefined) removeChildElement(el, address)
  }
  return { stripped: serializeXml(copy), removed }
}

describe.skipIf(!corpusAvailable)('writeExpansion over libvirt output', () => {
  it('rewrites every expected.xml unchanged (addresses are already canonical)', () => {
    for (const c of expectedCases()) {
      const doc = parseDomainXml(c.expected!)
      expect(doc.ok, c.name).toBe(true)
      if (!doc.ok) continue
      const { arch, machine, devices } = doc.value.input
      expect(writeExpansion(doc.value, { arch, machine, devices }), c.name).toBe(c.expected)
    }
  })

  it('rebuilds every expected.xml from a copy without addresses and controllers', () => {
    let controllersRemoved = 0
    let changed = 0
    for (const c of expectedCases()) {
      const full = parseDomainXml(c.expected!)
      if (!full.ok) continue
      const { stripped, removed } = strip(full.value.tree)
      controllersRemoved += removed.size
      if (stripped !== c.expected) changed++
      const doc = parseDomainXml(stripped)
      expect(doc.ok, c.name).toBe(true)
      if (!doc.ok) continue
      let next = 0
      const devices = full.value.input.devices.map((d, i): Device => {
        const rest: Device = { ...d }
        delete rest.sourceIndex
        return removed.has(i) ? { ...rest, origin: 'auto' } : { ...rest, sourceIndex: next++ }
      })
      const expansion: WritableExpansion = { arch: doc.value.input.arch, machine: doc.value.input.machine, devices }
      expect(writeExpansion(doc.value, expansion), c.name).toBe(c.expected)
    }
    // the check means something only if most cases really lost controllers and addresses
    expect(controllersRemoved).toBeGreaterThan(1000)
    expect(changed).toBeGreaterThan(500)
  })
})

if (!corpusAvailable) {
  describe('writeExpansion over libvirt output', () => {
    it.skip(CORPUS_MISSING_MESSAGE, () => {})
  })
}

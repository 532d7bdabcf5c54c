import type { Address } from 'devaddr'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { parseXml } from '../xml/parseXml.ts'
import { serializeNode } from '../xml/serializeXml.ts'
import { cloneNode, rootElement, type XmlDocument, type XmlElement } from '../xml/tree.ts'
import { addressedDeviceText } from './addressedDeviceText.ts'
import { writeAddress } from './writeAddress.ts'

/** The tree edit the text stands for: writeAddress on a copy, then the copy as text. */
function byTreeEdit(el: XmlElement, address: Address | undefined, indent: string, unit: string): string {
  const copy = cloneNode(el)
  writeAddress(copy, address, indent, unit)
  return serializeNode(copy)
}

function parsed(xml: string): XmlDocument {
  const doc = parseXml(xml)
  if (!doc.ok) throw new Error(`${xml}: ${doc.error.message}`)
  return doc.value
}

function element(xml: string): XmlElement {
  return rootElement(parsed(xml))!
}

const indentText = fc.constantFrom('', '\n', '\n  ', '\n      ', '\n\t', ' ', '\n    \n      ')
const child = fc.oneof(
  indentText,
  fc.constantFrom("<mac address='52:54:00:00:00:01'/>", "<model type='virtio'/>", '<source network="default"/>', '<boot order="1"/>'),
  fc.constantFrom('<!-- note -->', 'text', '<alias name="ua-x"/>', '<driver><host csum="off"/></driver>'),
  fc.constantFrom(
    "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>",
    '<address type="pci" bus="2" slot="3"></address>',
    "<address type='drive' controller='0' bus='0' target='0' unit='1' />",
    "<address type='pci' x-vendor='kept' bus='1'/>",
    "<address type='pci' bus='1'>\n  <zpci uid='0x0001'/>\n</address>",
  ),
)
const deviceXml = fc
  .tuple(fc.array(child, { maxLength: 7 }), fc.boolean())
  .map(([children, selfClosing]) =>
    selfClosing && children.length === 0 ? "<interface type='network'/>" : `<interface type='network'>${children.join('')}</interface>`,
  )
const address: fc.Arbitrary<Address | undefined> = fc.oneof(
  fc.constant(undefined),
  fc
    .record({
      domain: fc.constantFrom(0, 1, 0x10, 0xffff),
      bus: fc.nat(255),
      slot: fc.nat(31),
      function: fc.nat(7),
      multifunction: fc.constantFrom(undefined, 'on' as const, 'off' as const),
    })
    .map((a) => {
      const pci: Address = { type: 'pci', domain: a.domain, bus: a.bus, slot: a.slot, function: a.function }
      if (a.multifunction) pci.multifunction = a.multifunction
      return pci
    }),
  fc.constant<Address>({ type: 'pci', domain: 0, bus: 1, slot: 0, function: 0, zpci: { uid: 1, fid: 0 } }),
  fc.record({ controller: fc.nat(3), bus: fc.nat(1), target: fc.nat(1), unit: fc.nat(6) }).map((d): Address => ({ type: 'drive', ...d })),
  fc.constant<Address>({ type: 'usb', bus: 0, port: '1.2' }),
)

const RUNS = 16_000

describe('addressedDeviceText', () => {
  it('gives what writeAddress on a copy gives, written out, or leaves the case to it; the same when copying from the source', () => {
    let written = 0
    fc.assert(
      fc.property(deviceXml, address, fc.constantFrom('', '    ', '\t'), fc.constantFrom('  ', '\t'), (xml, a, indent, unit) => {
        const el = element(xml)
        const text = addressedDeviceText(el, a, indent, unit)
        // note: the device inside a document, so that its offsets do not start at 0
        const source = `<devices>\n  ${xml}\n</devices>`
        const inDocument = rootElement(parsed(source))!.children[1] as XmlElement
        expect(addressedDeviceText(inDocument, a, indent, unit, source)).toBe(text)
        if (text === undefined) return
        written++
        expect(text).toBe(byTreeEdit(el, a, indent, unit))
      }),
      { numRuns: RUNS },
    )
    // note: the generator must reach the text path often, or the property says little. It does
    // about 39% of the time (1,509–1,602 of 4,000 in 15 runs): 37.5% is the bar, and at 16,000
    // runs the bar is 4 standard deviations below the mean (at 4,000 it was 2: it failed a
    // fresh-clone `npm test` once)
    expect(written).toBeGreaterThan(RUNS * 0.375)
  })

  it('appends an address on its own line, indented like the first child, and leaves the element alone', () => {
    const xml = "<interface type='network'>\n      <mac address='52:54:00:00:00:01'/>\n      <model type='virtio'/>\n    </interface>"
    const el = element(xml)
    const text = addressedDeviceText(el, { type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 }, '    ', '  ')
    expect(text).toBe(
      "<interface type='network'>\n      <mac address='52:54:00:00:00:01'/>\n      <model type='virtio'/>\n      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n    </interface>",
    )
    expect(serializeNode(el)).toBe(xml)
  })

  it('leaves to the tree edit an address with attributes devaddr does not own, and a second address', () => {
    const pci: Address = { type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 }
    expect(addressedDeviceText(element("<disk><address type='pci' x='1'/></disk>"), pci, '', '  ')).toBeUndefined()
    expect(addressedDeviceText(element("<disk><address type='pci'/><address type='pci'/></disk>"), pci, '', '  ')).toBeUndefined()
    expect(addressedDeviceText(element("<disk><address type='pci'/></disk>"), undefined, '', '  ')).toBeUndefined()
  })
})

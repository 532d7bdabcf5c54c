import { describe, expect, it } from 'vitest'

import { appendChildElement, childIndent, indentUnit, insertChildElement, removeChildElement } from './layout.ts'
import { parseXml } from './parseXml.ts'
import { serializeXml } from './serializeXml.ts'
import { createElement, rootElement, type XmlDocument, type XmlElement } from './tree.ts'

function parsed(xml: string): { doc: XmlDocument; root: XmlElement } {
  const r = parseXml(xml)
  if (!r.ok) throw new Error(r.error.message)
  return { doc: r.value, root: rootElement(r.value)! }
}

describe('layout', () => {
  it('inserts elements on their own lines, indented like their siblings', () => {
    const { doc, root } = parsed(`<a>\n    <!-- c -->\n    <b/>\n    <c/>\n</a>`)
    expect(indentUnit(root)).toBe('    ')
    expect(childIndent(root, '', '  ')).toBe('    ')
    insertChildElement(root, createElement('x'), 0, '', '  ')
    insertChildElement(root, createElement('y'), 2, '', '  ')
    appendChildElement(root, createElement('z'), '', '  ')
    insertChildElement(root, createElement('w'), 99, '', '  ')
    expect(serializeXml(doc)).toBe(`<a>\n    <!-- c -->\n    <x/>\n    <b/>\n    <y/>\n    <c/>\n    <z/>\n    <w/>\n</a>`)
  })

  it('opens an empty element, and closes it again when its last child goes', () => {
    const { doc, root } = parsed(`<a>\n  <b/>\n</a>`)
    const b = root.children[1] as XmlElement
    const x = createElement('x')
    appendChildElement(b, x, '  ', '  ')
    expect(serializeXml(doc)).toBe(`<a>\n  <b>\n    <x/>\n  </b>\n</a>`)
    removeChildElement(b, x)
    expect(serializeXml(doc)).toBe(`<a>\n  <b/>\n</a>`)
  })

  it('appends 50,000 elements one by one, each in its place', () => {
    const { doc, root } = parsed(`<a>\n  <b/>\n</a>`)
    for (let i = 0; i < 50_000; i++) appendChildElement(root, createElement('e', [['n', String(i)]]), '', '  ')
    const text = serializeXml(doc)
    expect(text.startsWith(`<a>\n  <b/>\n  <e n='0'/>\n  <e n='1'/>\n`)).toBe(true)
    expect(text.endsWith(`\n  <e n='49998'/>\n  <e n='49999'/>\n</a>`)).toBe(true)
    expect(text.match(/\n {2}<e n='\d+'\/>/g)).toHaveLength(50_000)
  })
})

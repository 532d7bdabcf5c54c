import { describe, expect, it } from 'vitest'

import { readTree } from './readTree.ts'
import { serializeNode, serializeXml } from './serializeXml.ts'
import { cloneDocument, cloneNode, createElement, createText, textContent, type XmlDocument, type XmlElement } from './tree.ts'

/** A chain of `depth` nested elements built directly (parseXml would refuse it: too deep). */
function chain(depth: number): XmlDocument {
  const root = createElement('a', [['n', '0']])
  let el: XmlElement = root
  for (let i = 1; i < depth; i++) {
    const child = createElement('a')
    el.children.push(createText('x'), child)
    el.selfClosing = false
    el = child
  }
  el.children.push({ kind: 'cdata', raw: '<![CDATA[end]]>' })
  el.selfClosing = false
  return { kind: 'document', bom: false, children: [root] }
}

describe('tree walks', () => {
  it('clone, serialise and read the text of a 100,000-deep tree without recursion', () => {
    const depth = 100_000
    const doc = chain(depth)
    const text = serializeXml(doc)
    expect(text.length).toBe("<a n='0'>".length + (depth - 1) * 'x<a>'.length + '<![CDATA[end]]>'.length + depth * '</a>'.length)
    const copy = cloneDocument(doc)
    expect(serializeXml(copy)).toBe(text)
    // note: not `expect(a).not.toBe(b)`: on two distinct objects Vitest compares them deeply, recursively
    expect(copy.children[0] === doc.children[0]).toBe(false)
    const root = doc.children[0] as XmlElement
    expect(serializeNode(cloneNode(root))).toBe(text)
    expect(textContent(root)).toBe('x'.repeat(depth - 1) + 'end')
  })

  it('parses a 100,000-deep document without recursion once the depth limit is lifted', () => {
    const depth = 100_000
    const xml = '<a>'.repeat(depth) + '</a>'.repeat(depth)
    const doc = readTree(xml, Number.POSITIVE_INFINITY)
    expect(doc.kind).toBe('document')
    if (doc.kind === 'document') expect(serializeXml(doc)).toBe(xml)
    expect(readTree(xml)).toMatchObject({ kind: 'failure', code: 'too-deep', offset: 256 * 3 })
  })

  it('copies deeply: an edit of the copy never reaches the original', () => {
    const doc = chain(3)
    const copy = cloneDocument(doc)
    const inner = ((copy.children[0] as XmlElement).children[1] as XmlElement).children[1] as XmlElement
    inner.attributes.push({ name: 'k', value: 'v', lead: ' ', eq: '=', quote: "'", raw: 'v' })
    ;(copy.children[0] as XmlElement).attributes[0]!.raw = '9'
    expect(serializeXml(doc)).toBe("<a n='0'>x<a>x<a><![CDATA[end]]></a></a></a>")
    expect(serializeXml(copy)).toBe("<a n='9'>x<a>x<a k='v'><![CDATA[end]]></a></a></a>")
  })

  it('reads text in document order', () => {
    const a = createElement('a')
    const b = createElement('b')
    b.children.push(createText('2 & 3'), { kind: 'comment', raw: '<!--no-->' })
    a.children.push(createText('1'), b, { kind: 'cdata', raw: '<![CDATA[4]]>' }, createText('<5'))
    expect(textContent(a)).toBe('12 & 34<5')
  })
})

import { describe, expect, it } from 'vitest'

import { CORPUS_MISSING_MESSAGE, corpusAvailable, corpusCaseNames, readCase } from '../test/corpus.ts'
import { parsedText, parseXml } from './parseXml.ts'
import { serializeNode, serializeXml } from './serializeXml.ts'
import type { XmlDocument, XmlElement } from './tree.ts'

function* allElements(parent: XmlDocument | XmlElement): Generator<XmlElement> {
  for (const c of parent.children) {
    if (c.kind !== 'element') continue
    yield c
    yield* allElements(c)
  }
}

describe.skipIf(!corpusAvailable)('XML round trip over the libvirt corpus', () => {
  it('gives back every input.xml and expected.xml byte for byte', () => {
    const names = corpusCaseNames()
    expect(names.length).toBeGreaterThan(0)
    let files = 0
    for (const name of names) {
      const c = readCase(name)
      for (const [file, text] of [
        ['input.xml', c.input],
        ['expected.xml', c.expected],
      ] as const) {
        if (text === undefined) continue
        const r = parseXml(text)
        expect(r.ok, `${name}/${file}: ${r.ok ? '' : r.error.message}`).toBe(true)
        if (!r.ok) continue
        expect(serializeXml(r.value), `${name}/${file}`).toBe(text)
        // every attribute was split out of its start tag: only whitespace is left before `>`
        for (const el of allElements(r.value)) expect(el.tagEnd, `${name}/${file} <${el.name}>`).toMatch(/^\s*$/)
        // and each element's offsets frame its own text, which a writer may copy instead
        const read = parsedText(text)
        for (const el of allElements(r.value))
          if (read.slice(el.start, el.end) !== serializeNode(el)) expect.fail(`${name}/${file} <${el.name}> at ${el.start}`)
        files++
      }
    }
    expect(files).toBeGreaterThan(names.length)
  })
})

if (!corpusAvailable) {
  describe('XML round trip over the libvirt corpus', () => {
    it.skip(CORPUS_MISSING_MESSAGE, () => {})
  })
}

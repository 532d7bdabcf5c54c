import { describe, expect, it } from 'vitest'

import { corpusAvailable, corpusCaseNames, readCase } from '../test/corpus.ts'
import { parseXml } from './parseXml.ts'
import { serializeXml } from './serializeXml.ts'

const PIECES = [
  '<',
  '>',
  '&',
  ';',
  "'",
  '"',
  '/',
  '!',
  '?',
  '-',
  '--',
  ']]>',
  ' ',
  '\n',
  '\r',
  '=',
  ':',
  '&amp;',
  '&#0;',
  '<!--',
  '-->',
  '<![CDATA[',
  '<?x ',
  '?>',
  '<?xml ',
  '\u0001',
  'é',
  '<a>',
  '</a>',
  '<b/>',
  'x="1"',
]

const SAMPLE = `<domain type='kvm'>\n  <name>t &amp; u</name>\n  <devices>\n    <!-- c -->\n    <disk type="file"><source file='/a&#x41;.img'/><![CDATA[x<y]]></disk>\n    <?pi data?>\n  </devices>\n</domain>\n`

describe('parseXml on damaged documents', () => {
  it('never throws, and gives back every document it accepts byte for byte', () => {
    const names = corpusCaseNames()
    const sources = [SAMPLE, ...(corpusAvailable ? names.slice(0, 60).map((n) => readCase(n).input) : [])]
    let seed = 2024
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let accepted = 0
    for (let i = 0; i < 3000; i++) {
      let text = sources[random(sources.length)]!
      for (let k = 0, edits = 1 + random(3); k < edits; k++) {
        const at = random(text.length + 1)
        text =
          random(3) === 0
            ? text.slice(0, at) + text.slice(at + 1 + random(3))
            : text.slice(0, at) + PIECES[random(PIECES.length)] + text.slice(at)
      }
      const r = parseXml(text)
      if (r.ok) {
        accepted++
        expect(serializeXml(r.value)).toBe(text)
      } else {
        expect(r.error.line).toBeGreaterThan(0)
        expect(r.error.column).toBeGreaterThan(0)
      }
    }
    // note: some damage leaves a document well-formed (a space in text, a deleted character in a value)
    expect(accepted).toBeGreaterThan(100)
  })
})

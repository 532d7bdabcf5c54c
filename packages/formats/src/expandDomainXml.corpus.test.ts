import { expandDomain, formatAddrError } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from './domain/parseDomainXml.ts'
import { writeExpansion } from './domain/writeExpansion.ts'
import { expandDomainXml, formatExpandXmlError } from './expandDomainXml.ts'
import { CORPUS_MISSING_MESSAGE, corpusAvailable, corpusCaseNames, readCase } from './test/corpus.ts'

/**
 * expandDomainXml takes shortcuts the public steps do not (the engine's own device objects go
 * to the writer): its text must be what the public steps, one after the other, write.
 */
describe.skipIf(!corpusAvailable)('expandDomainXml over the corpus inputs', () => {
  it('writes what parseDomainXml, expandDomain and writeExpansion write, and refuses what they refuse', () => {
    let written = 0
    for (const name of corpusCaseNames()) {
      const { input } = readCase(name)
      const doc = parseDomainXml(input)
      const whole = expandDomainXml(input)
      if (!doc.ok) {
        expect(whole.ok, name).toBe(false)
        continue
      }
      const expansion = expandDomain(doc.value.input)
      if (!expansion.ok) {
        expect(whole.ok ? whole.value : formatExpandXmlError(whole.error), name).toBe(expansion.error.map(formatAddrError).join('\n'))
        continue
      }
      expect(whole.ok ? whole.value : formatExpandXmlError(whole.error), name).toBe(writeExpansion(doc.value, expansion.value))
      written++
    }
    // note: most inputs are ones libvirt defines
    expect(written).toBeGreaterThan(400)
  })
})

describe.runIf(!corpusAvailable)('expandDomainXml over the corpus inputs', () => {
  it.skip(CORPUS_MISSING_MESSAGE, () => {})
})

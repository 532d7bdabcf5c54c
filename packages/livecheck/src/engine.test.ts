import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'
import { describe, expect, it } from 'vitest'

import { runEngine } from './engine.ts'
import { generateDomain, type GeneratorRelease } from './generator/generateDomain.ts'

const RELEASES: readonly GeneratorRelease[] = ['9.0', '11.3', '12.8']

/**
 * expandDomainXml takes shortcuts the document pipeline does not (the engine works on the
 * devices it parsed, and its writer reads the engine's own objects); on the live check's domains
 * it must write, and refuse, what the pipeline the live check judges writes and refuses.
 */
describe('expandDomainXml against the document pipeline, on generated domains', () => {
  it.each(RELEASES)('gives the same text or the same refusal on libvirt %s', (release) => {
    let accepted = 0
    for (let index = 0; index < 150; index++) {
      const { xml, name } = generateDomain(7, index, release)
      const pipeline = runEngine(xml, release)
      const direct = expandDomainXml(xml, { newDomain: true, libvirtVersion: release })
      if (pipeline.ok) {
        expect(direct.ok ? direct.value : formatExpandXmlError(direct.error), name).toBe(pipeline.xml)
        accepted++
      } else expect(direct.ok, name).toBe(false)
    }
    // note: most generated domains are ones libvirt defines (the rest carry a deliberate mistake)
    expect(accepted).toBeGreaterThan(75)
  })
})

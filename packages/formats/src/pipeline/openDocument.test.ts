import { describe, expect, it } from 'vitest'

import { serializeDomainXml } from '../domain/serializeDomainXml.ts'
import { Q35_XML, Q35_YAML, recording } from '../test/documents.ts'
import { openDocument } from './openDocument.ts'

describe('openDocument', () => {
  it('keeps an XML document losslessly, with no choices of its own', () => {
    const r = openDocument(Q35_XML, 'xml')
    if (!r.ok || r.value.syntax !== 'xml') throw new Error('not opened as XML')
    expect(serializeDomainXml(r.value.doc)).toBe(Q35_XML)
    expect(r.value.input.devices.map((d) => d.id)).toEqual(['disk0', 'interface0'])
    expect(r.value.choices).toEqual({})
  })

  it('keeps the policy recorded in XML <metadata> as a name, shipped or not', () => {
    expect(openDocument(recording('nova', 7), 'xml')).toMatchObject({
      ok: true,
      value: { choices: { policy: { kind: 'named', name: 'nova', version: 7 } } },
    })
  })

  it('reads a YAML policy without tunables as a name, one with tunables as written', () => {
    const named = openDocument(`${Q35_YAML}policy: { name: kubevirt, version: 1 }\nnewDomain: false\n`, 'yaml')
    expect(named).toMatchObject({
      ok: true,
      value: { syntax: 'yaml', choices: { policy: { kind: 'named', name: 'kubevirt', version: 1 }, newDomain: false } },
    })
    const inline = openDocument(`${Q35_YAML}policy: { name: mine, version: 2, tunables: { sparePorts: { free: 2 } } }\n`, 'yaml')
    expect(inline).toMatchObject({
      ok: true,
      value: { choices: { policy: { kind: 'inline', policy: { name: 'mine', version: 2, tunables: { sparePorts: { free: 2 } } } } } },
    })
  })

  it('reads JSON strictly', () => {
    expect(openDocument('{"arch":"x86_64","machine":"pc","devices":[]}', 'json')).toMatchObject({ ok: true, value: { syntax: 'json' } })
    expect(openDocument('arch: x86_64\nmachine: pc\n', 'json')).toMatchObject({
      ok: false,
      error: { kind: 'data', error: { code: 'syntax' } },
    })
  })

  it('reports XML errors with line and column, data errors with the path', () => {
    expect(openDocument("<domain type='kvm'>\n  <devices>\n</domain>\n", 'xml')).toMatchObject({
      ok: false,
      error: { kind: 'xml', error: { code: 'xml-syntax', line: 3 } },
    })
    const bad = openDocument('arch: x86_64\nmachine: q35\ndevices:\n  - kind: interface\n    address: "0000:00:20.0"\n', 'yaml')
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'data', error: { code: 'invalid-value', path: ['devices', 0, 'address'], line: 5 } },
    })
  })
})

describe('openDocument size limit', () => {
  it('refuses a document over maxBytes in every syntax, before reading it', () => {
    const xml = `<domain><!-- ${'x'.repeat(200)} --></domain>`
    expect(openDocument(xml, 'xml', { maxBytes: 100 })).toMatchObject({ ok: false, error: { kind: 'xml', error: { code: 'too-large' } } })
    expect(openDocument(`# ${'x'.repeat(200)}\narch: x86_64\n`, 'yaml', { maxBytes: 100 })).toMatchObject({
      ok: false,
      error: { kind: 'data', error: { code: 'too-large' } },
    })
    expect(openDocument(`{"arch": "x86_64", "pad": "${'x'.repeat(200)}"}`, 'json', { maxBytes: 100 })).toMatchObject({
      ok: false,
      error: { kind: 'data', error: { code: 'too-large' } },
    })
  })
})

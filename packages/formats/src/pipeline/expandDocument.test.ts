import { describe, expect, it } from 'vitest'

import { expandDomainXml } from '../expandDomainXml.ts'
import { PC_RESERVED_SLOT_YAML, Q35_XML, recording } from '../test/documents.ts'
import { expandDocument } from './expandDocument.ts'

const count = (text: string, what: string) => text.split(what).length - 1

describe('expandDocument', () => {
  it('gives expandDomainXml’s bytes for a plain XML document', () => {
    const r = expandDocument(Q35_XML, 'xml')
    const legacy = expandDomainXml(Q35_XML)
    expect(r.ok && legacy.ok && r.value.text === legacy.value).toBe(true)
    expect(r.ok && r.value.options).toEqual({
      policy: { name: 'libvirt', version: 1, tunables: {} },
      newDomain: true,
      libvirtVersion: '12.8',
    })
  })

  it('re-expands with the shipped policy a document records, unless overridden', () => {
    const ovirt = recording('ovirt', 1)
    const r = expandDocument(ovirt, 'xml')
    expect(r.ok && count(r.value.text, "model='pcie-root-port'")).toBe(16)
    const plain = expandDocument(ovirt, 'xml', { overrides: { policy: { name: 'libvirt', version: 1, tunables: {} } } })
    expect(plain.ok && plain.value.text).not.toContain('devaddr:policy')
  })

  it('refuses a recorded policy devaddr does not ship with unknown-policy', () => {
    expect(expandDocument(recording('nova', 7), 'xml')).toMatchObject({
      ok: false,
      error: { kind: 'options', error: { code: 'unknown-policy', name: 'nova' } },
    })
  })

  it('returns each step’s error: reading, the engine', () => {
    expect(expandDocument('<domain>', 'xml')).toMatchObject({ ok: false, error: { kind: 'xml' } })
    expect(expandDocument(PC_RESERVED_SLOT_YAML, 'yaml')).toMatchObject({
      ok: false,
      error: { kind: 'addr', errors: [{ code: 'reserved-slot' }] },
    })
  })

  it('writes the requested format and honours overrides', () => {
    const r = expandDocument(Q35_XML, 'xml', { format: 'json', overrides: { newDomain: false, libvirtVersion: '9.0' } })
    expect(r.ok && JSON.parse(r.value.text)).toMatchObject({ machine: 'pc-q35-7.2' })
    expect(r.ok && r.value.options.newDomain).toBe(false)
  })
})

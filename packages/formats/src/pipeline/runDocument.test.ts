import { type DomainInput, expandDomain, LIBVIRT_POLICY } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { PC_RESERVED_SLOT_YAML, Q35_XML } from '../test/documents.ts'
import { openDocument } from './openDocument.ts'
import type { ResolvedOptions } from './resolveOptions.ts'
import { runDocument } from './runDocument.ts'

const OPTIONS: ResolvedOptions = { policy: LIBVIRT_POLICY, newDomain: true, libvirtVersion: '9.9' }
const open = (text: string, syntax: 'xml' | 'yaml') => {
  const r = openDocument(text, syntax)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('runDocument', () => {
  it('gives what the engine gives for the same input and options', () => {
    const doc = open(Q35_XML, 'xml')
    expect(runDocument(doc, OPTIONS)).toEqual(expandDomain(doc.input, OPTIONS))
    const r = runDocument(doc, { ...OPTIONS, libvirtVersion: '9.0' })
    expect(r.ok && r.value.machine).toBe('pc-q35-7.2')
  })

  it("passes the engine's rejection through unchanged", () => {
    const doc = open(PC_RESERVED_SLOT_YAML, 'yaml')
    const engine = expandDomain(doc.input, OPTIONS)
    expect(engine.ok).toBe(false)
    expect(runDocument(doc, OPTIONS)).toEqual({ ok: false, error: { kind: 'addr', errors: engine.ok ? [] : engine.error } })
  })

  it('returns an exception in the engine as an internal error', () => {
    const broken = { arch: 'x86_64', machine: 'q35', devices: null } as unknown as DomainInput
    const r = runDocument({ input: broken }, OPTIONS)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'internal', message: expect.any(String) })
  })
})

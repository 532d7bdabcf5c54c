import { builtinPolicy, LIBVIRT_POLICY, type Policy } from 'devaddr'
import { describe, expect, it } from 'vitest'

import type { DocumentChoices } from './openDocument.ts'
import { resolveOptions } from './resolveOptions.ts'

const kubevirt = builtinPolicy('kubevirt', 1)!
const mine: Policy = { name: 'mine', version: 1, tunables: { sparePorts: { free: 3 } } }
const doc = (choices: DocumentChoices) => ({ choices })

describe('resolveOptions', () => {
  it('defaults to libvirt 12.8 (the newest), a new domain, libvirt@1', () => {
    expect(resolveOptions(doc({}))).toEqual({ ok: true, value: { policy: LIBVIRT_POLICY, newDomain: true, libvirtVersion: '12.8' } })
  })

  it('takes the document over the default and an override over the document', () => {
    const choices: DocumentChoices = { policy: { kind: 'named', name: 'kubevirt', version: 1 }, newDomain: false }
    expect(resolveOptions(doc(choices))).toMatchObject({ ok: true, value: { policy: kubevirt, newDomain: false } })
    const r = resolveOptions(doc(choices), { policy: mine, newDomain: true, libvirtVersion: '9.0' })
    expect(r).toEqual({ ok: true, value: { policy: mine, newDomain: true, libvirtVersion: '9.0' } })
  })

  it('uses an inline policy as written', () => {
    expect(resolveOptions(doc({ policy: { kind: 'inline', policy: mine } }))).toMatchObject({ ok: true, value: { policy: mine } })
  })

  it('refuses a named policy devaddr does not ship, unless an override replaces it', () => {
    const nova: DocumentChoices = { policy: { kind: 'named', name: 'nova', version: 7 } }
    expect(resolveOptions(doc(nova))).toEqual({
      ok: false,
      error: { kind: 'options', error: { code: 'unknown-policy', source: 'document', name: 'nova', version: 7 } },
    })
    expect(resolveOptions(doc(nova), { policy: kubevirt })).toMatchObject({ ok: true, value: { policy: kubevirt } })
  })

  it('passes qemuCaps through only when given', () => {
    const r = resolveOptions(doc({}), { qemuCaps: { missing: ['pcie-root-port'] } })
    expect(r).toMatchObject({ ok: true, value: { qemuCaps: { missing: ['pcie-root-port'] } } })
    const plain = resolveOptions(doc({}))
    expect(plain.ok && Object.keys(plain.value)).toEqual(['policy', 'newDomain', 'libvirtVersion'])
  })
})

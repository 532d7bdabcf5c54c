import { describe, expect, it } from 'vitest'

import { parsePolicyName, policyId } from './parsePolicyName.ts'

describe('parsePolicyName', () => {
  it('finds NAME (the newest version) and NAME@VERSION', () => {
    expect(parsePolicyName('kubevirt')).toMatchObject({ ok: true, value: { name: 'kubevirt', version: 1 } })
    expect(parsePolicyName('libvirt@1')).toMatchObject({ ok: true, value: { name: 'libvirt', version: 1, tunables: {} } })
  })

  it.each(['kubevirt@2', 'kubevirt@', 'KubeVirt', 'nope', 'libvirt@01', 'kubevirt@1.0', ''])('refuses %j as unknown-policy', (text) => {
    expect(parsePolicyName(text)).toEqual({ ok: false, error: { code: 'unknown-policy', source: 'override', text } })
  })

  it('names a policy NAME@VERSION', () => {
    expect(policyId({ name: 'ovirt', version: 1 })).toBe('ovirt@1')
  })
})

import { describe, expect, it } from 'vitest'

import { readPolicyName, readQuery } from './requestOptions.ts'

describe('readQuery', () => {
  it('maps existing to newDomain', () => {
    expect(readQuery({ existing: '1' }, ['existing'])).toEqual({ ok: true, value: { newDomain: false } })
    expect(readQuery({ existing: 'true' }, ['existing'])).toEqual({ ok: true, value: { newDomain: false } })
    expect(readQuery({ existing: '0' }, ['existing'])).toEqual({ ok: true, value: { newDomain: true } })
    expect(readQuery({}, ['existing'])).toEqual({ ok: true, value: {} })
  })

  it('refuses bad, repeated and unknown parameters, all at once', () => {
    const r = readQuery({ existing: 'yes', policy: ['a', 'b'], pollicy: 'kubevirt' }, ['existing', 'policy'])
    expect(r.ok ? [] : r.error.map((e) => e.code)).toEqual(['invalid-parameter', 'invalid-parameter', 'unknown-parameter'])
  })

  it('reads anyMachineVersion as a flag', () => {
    expect(readQuery({ anyMachineVersion: '1' }, ['anyMachineVersion'])).toEqual({ ok: true, value: { anyMachineVersion: true } })
    expect(readQuery({ anyMachineVersion: 'false' }, ['anyMachineVersion'])).toEqual({ ok: true, value: {} })
    expect(readQuery({ anyMachineVersion: 'yes' }, ['anyMachineVersion']).ok).toBe(false)
  })

  it('takes only the parameters the endpoint allows', () => {
    expect(readQuery({ existing: '1' }, ['policy']).ok).toBe(false)
  })
})

describe('readPolicyName', () => {
  it('finds NAME and NAME@VERSION', () => {
    expect(readPolicyName('kubevirt')).toMatchObject({ ok: true, value: { name: 'kubevirt', version: 1 } })
    expect(readPolicyName('libvirt@1')).toMatchObject({ ok: true, value: { name: 'libvirt', version: 1 } })
  })

  it.each(['kubevirt@2', 'kubevirt@', 'KubeVirt', 'nope', 'libvirt@01', ''])('refuses %j', (name) => {
    const r = readPolicyName(name)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toContain('libvirt@1, kubevirt@1')
  })
})

describe('readQuery libvirtVersion', () => {
  it('takes a known libvirt release and refuses others', () => {
    expect(readQuery({ libvirtVersion: '9.0' }, ['libvirtVersion'])).toEqual({ ok: true, value: { libvirtVersion: '9.0' } })
    const bad = readQuery({ libvirtVersion: '8.0' }, ['libvirtVersion'])
    expect(bad.ok).toBe(false)
  })
})

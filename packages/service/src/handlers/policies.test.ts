import { BUILTIN_POLICIES } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { handleHealth, handlePolicies } from './policies.ts'

describe('handlePolicies', () => {
  it('lists every shipped policy with the id ?policy= takes', () => {
    const body = JSON.parse(handlePolicies().body)
    expect(body.default).toBe('libvirt@1')
    expect(body.policies.map((p: { id: string }) => p.id)).toEqual(BUILTIN_POLICIES.map((p) => `${p.name}@${p.version}`))
    expect(body.policies.find((p: { name: string }) => p.name === 'ovirt').tunables).toEqual({ sparePorts: 'ovirt' })
  })
})

describe('handleHealth', () => {
  it('says ok', () => {
    expect(handleHealth()).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: '{\n  "status": "ok"\n}\n' })
  })
})

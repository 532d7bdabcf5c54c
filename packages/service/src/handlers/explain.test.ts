import { describe, expect, it } from 'vitest'

import { Q35_XML } from '../testing/fixtures.ts'
import { handleExplain } from './explain.ts'

describe('handleExplain', () => {
  it('answers explanations, warnings and the guest view as JSON', () => {
    const r = handleExplain({ contentType: 'text/xml', body: Q35_XML, query: {} })
    expect(r.status).toBe(200)
    expect(r.contentType).toBe('application/json; charset=utf-8')
    const body = JSON.parse(r.body)
    expect(Object.keys(body)).toEqual(['policy', 'explanations', 'warnings', 'guest'])
    expect(body.policy).toEqual({ name: 'libvirt', version: 1 })
    expect(body.explanations.find((e: { device: string }) => e.device === 'interface0').steps[0]).toMatch(
      /^placed at 0000:0\d:00\.0 on pcie-root-port/,
    )
    // the guest numbers buses depth-first: the NIC's root port is guest bus 1.., never the XML index alone
    expect(body.guest.interface0).toMatch(/^0\d:00\.0$/)
    for (const bdf of Object.values(body.guest)) expect(bdf).toMatch(/^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/)
  })

  it('reports warnings the policy leads to', () => {
    const body = JSON.stringify({ arch: 'x86_64', machine: 'q35', devices: [{ kind: 'interface', type: 'network', model: 'virtio' }] })
    const r = handleExplain({ contentType: 'application/json', body, query: { policy: 'kubevirt-root-complex' } })
    expect(JSON.parse(r.body).warnings.map((w: { code: string }) => w.code)).toContain('hotplug-slots')
  })

  it('gives the same bytes for the same request', () => {
    const a = handleExplain({ contentType: 'application/xml', body: Q35_XML, query: { policy: 'hotplug-friendly' } })
    const b = handleExplain({ contentType: 'application/xml', body: Q35_XML, query: { policy: 'hotplug-friendly' } })
    expect(a.body).toBe(b.body)
  })

  it('shares expand’s errors: 415, 400, 422', () => {
    expect(handleExplain({ contentType: 'text/plain', body: Q35_XML, query: {} }).status).toBe(415)
    expect(handleExplain({ contentType: 'application/xml', body: '<domain>', query: {} }).status).toBe(400)
    const reserved = 'arch: x86_64\nmachine: pc\ndevices:\n  - kind: interface\n    model: e1000\n    address: "0000:00:01.0"\n'
    expect(handleExplain({ contentType: 'application/yaml', body: reserved, query: {} }).status).toBe(422)
  })
})

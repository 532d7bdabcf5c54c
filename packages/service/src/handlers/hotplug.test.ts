import { describe, expect, it } from 'vitest'

import { NIC_DATA, NIC_XML, Q35_DATA, Q35_XML } from '../testing/fixtures.ts'
import { handleExpand } from './expand.ts'
import { handleHotplug } from './hotplug.ts'

const hotplug = (body: unknown, query: Record<string, unknown> = {}) =>
  handleHotplug({ contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body), query })
const parsed = (body: string) => JSON.parse(body) as { address: string; device: unknown; errors: Array<Record<string, unknown>> }

describe('handleHotplug', () => {
  it('places a device XML into an expanded XML domain and fills in its <address>', () => {
    const expanded = handleExpand({ contentType: 'application/xml', body: Q35_XML, query: {} }).body
    const r = hotplug({ domain: expanded, device: NIC_XML })
    expect(r.status).toBe(200)
    const body = parsed(r.body)
    expect(body.address).toMatch(/^0000:[0-9a-f]{2}:00\.0$/)
    const [, bus] = /^0000:([0-9a-f]{2})/.exec(body.address)!
    expect(body.device).toBe(
      `${NIC_XML.replace('</interface>', `  <address type='pci' domain='0x0000' bus='0x${bus}' slot='0x00' function='0x0'/>\n</interface>`)}`,
    )
  })

  it('never takes an address a device of the domain already has', () => {
    const expanded = handleExpand({ contentType: 'application/json', body: JSON.stringify(Q35_DATA), query: {} }).body
    const taken = new Set(
      (JSON.parse(expanded).devices as Array<{ address?: unknown }>).map((d) => d.address).filter((a) => typeof a === 'string'),
    )
    const r = hotplug({ domain: JSON.parse(expanded), device: NIC_DATA })
    expect(r.status).toBe(200)
    expect(taken.has(parsed(r.body).address)).toBe(false)
    expect(parsed(r.body).device).toMatchObject({ id: 'interface-new', kind: 'interface', address: parsed(r.body).address })
  })

  it('takes the domain as a YAML string too', () => {
    const yaml = 'arch: x86_64\nmachine: q35\ndevices:\n  - kind: interface\n    type: network\n    model: virtio\n'
    expect(hotplug({ domain: yaml, device: NIC_DATA }).status).toBe(200)
  })

  it('409s when no hotpluggable slot is free', () => {
    const r = hotplug({ domain: Q35_DATA, device: NIC_DATA }, { policy: 'kubevirt-root-complex' })
    expect(r.status).toBe(409)
    expect(parsed(r.body).errors[0]).toMatchObject({ code: 'no-free-slot', device: 'interface (virtio)' })
  })

  it('422s a device it cannot hotplug', () => {
    const r = hotplug({ domain: Q35_DATA, device: { kind: 'disk', bus: 'sata', dst: 'sdb' } })
    expect(r.status).toBe(422)
    expect(parsed(r.body).errors[0]!.code).toBe('unsupported')
  })

  it('400s a malformed body, naming the field', () => {
    expect(parsed(hotplug('{"domain": ').body).errors[0]).toMatchObject({ code: 'syntax', line: 1 })
    expect(parsed(hotplug({ domain: Q35_DATA }).body).errors[0]).toMatchObject({ path: ['device'] })
    expect(parsed(hotplug({ domain: Q35_DATA, device: NIC_DATA, extra: 1 }).body).errors[0]).toMatchObject({ path: ['extra'] })
    const badXml = parsed(hotplug({ domain: Q35_DATA, device: '<interface>\n  <model>\n</interface>' }).body).errors[0]
    expect(badXml).toMatchObject({ code: 'xml-syntax', path: ['device'], line: 3 })
    const notDevice = parsed(hotplug({ domain: Q35_DATA, device: '<domain/>' }).body).errors[0]
    expect(notDevice).toMatchObject({ code: 'not-a-device', path: ['device'] })
    const badDomain = parsed(hotplug({ domain: { arch: 'x86_64' }, device: NIC_DATA }).body).errors[0]
    expect(badDomain).toMatchObject({ code: 'invalid-value', path: ['domain'] })
    expect(badDomain).not.toHaveProperty('line')
    const badDevice = parsed(hotplug({ domain: Q35_DATA, device: { kind: 'interface', address: '0000:00:20.0' } }).body).errors[0]
    expect(badDevice).toMatchObject({ code: 'invalid-value', path: ['device', 'address'] })
    expect(badDevice!.message).toMatch(/^device/)
  })

  it('415s anything but JSON and 400s ?existing', () => {
    expect(handleHotplug({ contentType: 'application/xml', body: Q35_XML, query: {} }).status).toBe(415)
    expect(hotplug({ domain: Q35_DATA, device: NIC_DATA }, { existing: '1' }).status).toBe(400)
  })
})

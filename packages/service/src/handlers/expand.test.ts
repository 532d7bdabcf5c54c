import { parseDomainJson, parseDomainYaml } from '@devaddr/formats'
import { describe, expect, it } from 'vitest'

import type { DomainRequest } from '../domainRequest.ts'
import { PC_RESERVED_SLOT_YAML, Q35_DATA, Q35_XML } from '../testing/fixtures.ts'
import { handleExpand } from './expand.ts'

const xml = (body: string, query: Record<string, unknown> = {}): DomainRequest => ({ contentType: 'application/xml', body, query })
const errorsOf = (body: string) => (JSON.parse(body) as { errors: Array<Record<string, unknown>> }).errors

describe('handleExpand', () => {
  it('writes addresses into the XML document and keeps the rest', () => {
    const r = handleExpand(xml(Q35_XML))
    expect(r.status).toBe(200)
    expect(r.contentType).toBe('application/xml; charset=utf-8')
    expect(r.body).toContain("<source file='/var/lib/libvirt/images/vm.qcow2'/>")
    expect(r.body).toContain("<controller type='pci' index='0' model='pcie-root'/>")
    expect(r.body).toMatch(/<interface type='network'>[\s\S]*<address type='pci' domain='0x0000' bus='0x0\d' slot='0x00' function='0x0'\/>/)
  })

  it('gives byte-identical output for the same request', () => {
    const bodies = new Set(Array.from({ length: 3 }, () => handleExpand(xml(Q35_XML, { policy: 'kubevirt' })).body))
    expect(bodies.size).toBe(1)
  })

  it('answers JSON in, JSON out, readable back by parseDomainJson', () => {
    const r = handleExpand({ contentType: 'application/json', body: JSON.stringify(Q35_DATA), query: {} })
    expect(r.status).toBe(200)
    expect(r.contentType).toBe('application/json; charset=utf-8')
    const back = parseDomainJson(r.body)
    expect(back.ok).toBe(true)
    const nic = JSON.parse(r.body).devices.find((d: { id: string }) => d.id === 'interface0')
    expect(nic.address).toMatch(/^0000:0\d:00\.0$/)
  })

  it('answers YAML in, YAML out', () => {
    const body = 'arch: x86_64\nmachine: pc\ndevices:\n  - kind: interface\n    type: network\n    model: e1000\n'
    const r = handleExpand({ contentType: 'application/yaml', body, query: {} })
    expect(r.status).toBe(200)
    expect(r.contentType).toBe('application/yaml; charset=utf-8')
    expect(r.body).toContain('address: "0000:00:03.0"')
    expect(parseDomainYaml(r.body).ok).toBe(true)
  })

  it('?existing=1 reads a stored configuration: no USB ports are assigned', () => {
    const body = 'arch: x86_64\nmachine: q35\ndevices:\n  - kind: input\n    type: tablet\n    bus: usb\n'
    const fresh = handleExpand({ contentType: 'application/yaml', body, query: {} })
    const stored = handleExpand({ contentType: 'application/yaml', body, query: { existing: '1' } })
    expect(fresh.body).toContain('    address:\n      type: usb\n      bus: 0\n      port: "1"\n')
    expect(stored.body).toContain('    type: tablet\n    bus: usb\n  - id: input-ps2-mouse\n')
  })

  it('?policy= picks a shipped policy and the output records it', () => {
    const r = handleExpand({ contentType: 'application/json', body: JSON.stringify(Q35_DATA), query: { policy: 'virt-install@1' } })
    expect(JSON.parse(r.body).policy).toEqual({ name: 'virt-install', version: 1 })
    const ports = JSON.parse(r.body).devices.filter((d: { model?: string }) => d.model === 'pcie-root-port')
    expect(ports).toHaveLength(14)
  })

  it('uses the policy an XML document records, unless the query names one', () => {
    const recorded = Q35_XML.replace(
      '  <os>',
      "  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='ovirt' version='1'/>\n  </metadata>\n  <os>",
    )
    const count = (body: string) => body.split("model='pcie-root-port'").length - 1
    expect(count(handleExpand(xml(recorded)).body)).toBe(16)
    expect(count(handleExpand(xml(recorded, { policy: 'virt-install' })).body)).toBe(14)
  })

  it('400s a policy recorded in XML that devaddr does not ship', () => {
    const recorded = Q35_XML.replace(
      '  <os>',
      "  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='mine' version='7'/>\n  </metadata>\n  <os>",
    )
    const r = handleExpand(xml(recorded))
    expect(r.status).toBe(400)
    expect(errorsOf(r.body)[0]).toMatchObject({ code: 'unknown-policy' })
  })

  it('reads a YAML/JSON policy of name and version only as the shipped policy, and refuses one devaddr does not ship', () => {
    const named = (name: string) => JSON.stringify({ ...Q35_DATA, policy: { name, version: 1 } })
    const r = handleExpand({ contentType: 'application/json', body: named('ovirt'), query: {} })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body).devices.filter((d: { model?: string }) => d.model === 'pcie-root-port')).toHaveLength(16)
    const nova = handleExpand({ contentType: 'application/json', body: named('nova'), query: {} })
    expect(nova.status).toBe(400)
    expect(errorsOf(nova.body)[0]).toMatchObject({ code: 'unknown-policy' })
    expect(handleExpand({ contentType: 'application/json', body: named('nova'), query: { policy: 'kubevirt' } }).status).toBe(200)
  })

  it('422s a rejection with the engine error fields', () => {
    const r = handleExpand({ contentType: 'application/yaml', body: PC_RESERVED_SLOT_YAML, query: {} })
    expect(r.status).toBe(422)
    expect(errorsOf(r.body)).toEqual([
      {
        code: 'reserved-slot',
        message: "slot 1 function 0 of bus 0 is reserved for the PIIX3 ISA bridge on machine 'pc'",
        device: 'interface #1 (e1000)',
        deviceId: 'interface0',
        address: '0000:00:01.0',
        libvirtFunction: 'qemuDomainValidateDevicePCISlotsPIIX3',
      },
    ])
  })

  it('400s malformed XML with line and column', () => {
    const r = handleExpand(xml("<domain type='kvm'>\n  <devices>\n</domain>\n"))
    expect(r.status).toBe(400)
    expect(errorsOf(r.body)[0]).toMatchObject({ code: 'xml-syntax', line: 3 })
    expect(errorsOf(r.body)[0]).toHaveProperty('column')
  })

  it('400s an invalid YAML value with its path, line and column', () => {
    const r = handleExpand({
      contentType: 'application/yaml',
      body: 'arch: x86_64\nmachine: q35\ndevices:\n  - kind: interface\n    address: "0000:00:20.0"\n',
      query: {},
    })
    expect(r.status).toBe(400)
    expect(errorsOf(r.body)[0]).toMatchObject({ code: 'invalid-value', line: 5, path: ['devices', 0, 'address'] })
  })

  it('400s malformed JSON with line and column', () => {
    const r = handleExpand({ contentType: 'application/json', body: '{\n  "arch": "x86_64",\n  oops\n}', query: {} })
    expect(r.status).toBe(400)
    expect(errorsOf(r.body)[0]).toMatchObject({ code: 'syntax', line: 3 })
  })

  it('400s an empty body, an unknown parameter and an unknown policy', () => {
    expect(errorsOf(handleExpand(xml('  ')).body)[0]!.code).toBe('empty-body')
    const unknown = handleExpand(xml(Q35_XML, { exisitng: '1' }))
    expect(unknown.status).toBe(400)
    expect(errorsOf(unknown.body)[0]!.code).toBe('unknown-parameter')
    expect(errorsOf(handleExpand(xml(Q35_XML, { policy: 'nope' })).body)[0]!.code).toBe('unknown-policy')
  })

  it('415s a media type it does not read', () => {
    for (const contentType of ['text/plain', undefined, 'application/xml; charset=latin1']) {
      const r = handleExpand({ contentType, body: Q35_XML, query: {} })
      expect(r.status).toBe(415)
      expect(errorsOf(r.body)[0]!.code).toBe('unsupported-media-type')
    }
  })
})

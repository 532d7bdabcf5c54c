import { expandDomain, LIBVIRT_POLICY } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainJson, parseDomainYaml } from '../data/parseDomainData.ts'
import { parseDomainXml } from '../domain/parseDomainXml.ts'
import { writeExpansion } from '../domain/writeExpansion.ts'
import { Q35_XML, Q35_YAML } from '../test/documents.ts'
import { openDocument, type OpenedDocument } from './openDocument.ts'
import { runDocument } from './runDocument.ts'
import { writeDocument } from './writeDocument.ts'

function expanded(text: string, syntax: 'xml' | 'yaml') {
  const doc = openDocument(text, syntax)
  if (!doc.ok) throw new Error(JSON.stringify(doc.error))
  const expansion = runDocument(doc.value, { policy: LIBVIRT_POLICY, newDomain: true, libvirtVersion: '9.9' })
  if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
  return { doc: doc.value, expansion: expansion.value }
}

describe('writeDocument', () => {
  it('writes XML into the document it came from, by default', () => {
    const { doc, expansion } = expanded(Q35_XML, 'xml')
    const xml = writeDocument(doc, expansion)
    expect(xml).toBe(writeExpansion((doc as Extract<OpenedDocument, { syntax: 'xml' }>).doc, expansion))
    expect(xml).toContain('<!-- the boot disk -->')
    expect(xml).toContain("<controller type='pci' index='0' model='pcie-root'/>")
  })

  it('writes YAML/JSON input as a skeleton <domain> that reads back', () => {
    const { doc, expansion } = expanded(Q35_YAML, 'yaml')
    const xml = writeDocument(doc, expansion, 'xml')
    expect(xml).toMatch(/^<domain type='kvm'>\n {2}<os>\n {4}<type arch='x86_64' machine='q35'>hvm<\/type>/)
    const back = parseDomainXml(xml)
    expect(back.ok && back.value.input.devices.length).toBe(expansion.devices.length)
  })

  it('writes YAML by default for YAML input, JSON on request, both readable back', () => {
    const { doc, expansion } = expanded(Q35_XML, 'xml')
    const yaml = writeDocument(doc, expansion, 'yaml')
    // the domain's facts come along (here <domain type>), so the output expands again the same
    expect(yaml).toMatch(/^arch: x86_64\nmachine: q35\ndomainType: kvm\npolicy:\n {2}name: libvirt\n/)
    expect(parseDomainYaml(yaml).ok).toBe(true)
    const json = writeDocument(doc, expansion, 'json')
    expect(JSON.parse(json)).toMatchObject({ arch: 'x86_64', machine: 'q35', policy: { name: 'libvirt', version: 1 } })
    expect(parseDomainJson(json).ok).toBe(true)
    const fromYaml = expanded(Q35_YAML, 'yaml')
    expect(writeDocument(fromYaml.doc, fromYaml.expansion)).toBe(writeDocument(fromYaml.doc, fromYaml.expansion, 'yaml'))
  })

  it('writes the facts a platform rule reads, so a vhost-user domain in YAML expands again', () => {
    const xml = `<domain type='kvm'><name>v</name><memoryBacking><access mode='shared'/></memoryBacking>
      <os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os><features><acpi/></features>
      <devices><interface type='vhostuser'><source type='unix' path='/s' mode='client'/><model type='virtio'/></interface>
      <iommu model='virtio'/></devices></domain>`
    const { doc, expansion } = expanded(xml, 'xml')
    const yaml = writeDocument(doc, expansion, 'yaml')
    const back = parseDomainYaml(yaml)
    if (!back.ok) throw new Error(back.error.message)
    expect(back.value.input).toMatchObject({ features: ['acpi'], firmware: 'efi', sharedMemory: true })
    expect(expandDomain(back.value.input, { newDomain: false }).ok).toBe(true)
  })
})

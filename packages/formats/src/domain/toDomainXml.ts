import { escapeAttribute, escapeText } from '../xml/escape.ts'
import type { DomainFacts } from './domainFacts.ts'
import { parseDomainXml } from './parseDomainXml.ts'
import { type WritableExpansion, writeExpansion } from './writeExpansion.ts'

/**
 * Writes an expansion that has no source document (from YAML/JSON input) as a domain XML
 * skeleton: `<domain type>`, `<vcpu>`, `<maxMemory slots>`, `<memoryBacking>` access, `<os firmware>`, `<os><type arch machine>`,
 * `<os><boot dev='hd'>` when the input boots by `<os>`, `<features>`, `<cpu><numa>` cells (ids only), devaddr's `<metadata>` when needed, and one element
 * per device holding what devaddr models (kind, type, model, target, address). It reads back as
 * the same input; names, memory sizes, disk sources and the like are for the caller to add.
 *
 * @param facts the input's domain-wide fields (`domainType` defaults to `kvm`)
 * @public
 */
export function toDomainXml(expansion: WritableExpansion, facts: DomainFacts = {}): string {
  const lines = [`<domain type='${escapeAttribute(facts.domainType ?? 'kvm')}'>`]
  if (facts.memoryMiB !== undefined) lines.push(`  <memory unit='MiB'>${facts.memoryMiB}</memory>`)
  if (facts.vcpus !== undefined) lines.push(`  <vcpu>${facts.vcpus}</vcpu>`)
  if (facts.memorySlots !== undefined) lines.push(`  <maxMemory slots='${facts.memorySlots}'/>`)
  if (facts.sharedMemory === true) lines.push('  <memoryBacking>', "    <access mode='shared'/>", '  </memoryBacking>')
  lines.push(
    facts.firmware === undefined ? '  <os>' : `  <os firmware='${facts.firmware}'>`,
    `    <type arch='${escapeAttribute(expansion.arch)}' machine='${escapeAttribute(expansion.machine)}'>hvm</type>`,
    ...(facts.osBoot === true ? ["    <boot dev='hd'/>"] : []),
    '  </os>',
  )
  if (facts.features !== undefined || facts.ioapic !== undefined) {
    const names = facts.features ?? []
    const ioapic = facts.ioapic === undefined ? undefined : `    <ioapic driver='${escapeAttribute(facts.ioapic)}'/>`
    const features = names.map((f) => (f === 'ioapic' && ioapic !== undefined ? ioapic : `    <${escapeText(f)}/>`))
    if (ioapic !== undefined && !names.includes('ioapic')) features.push(ioapic)
    lines.push('  <features>', ...features, '  </features>')
  }
  if (facts.numaNodes !== undefined && facts.numaNodes > 0) {
    const cells = Array.from({ length: facts.numaNodes }, (_, i) => `      <cell id='${i}'/>`)
    lines.push('  <cpu>', '    <numa>', ...cells, '    </numa>', '  </cpu>')
  }
  lines.push('  <devices>', '  </devices>', '</domain>', '')
  const doc = parseDomainXml(lines.join('\n'))
  if (!doc.ok) throw new Error(`devaddr: the domain skeleton does not parse: ${doc.error.message}`)
  // note: sourceIndex refers to the YAML/JSON input, not to this document: every device is new here
  return writeExpansion(doc.value, { ...expansion, devices: expansion.devices.map(({ sourceIndex: _, ...d }) => d) })
}

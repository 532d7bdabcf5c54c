import { parseDomainXml } from './parseDomainXml.ts'
import { writeExpansion, type WritableExpansion } from './writeExpansion.ts'
import { escapeAttribute } from '../xml/escape.ts'

/**
 * Writes an expansion that has no source document (from YAML/JSON input) as a domain XML
 * skeleton: `<domain type>`, `<os><type arch machine>`, devaddr's `<metadata>` when needed, and one
 * element per device holding what devaddr models (kind, type, model, target, address). Names,
 * memory, disk sources and the like are for the caller to add.
 *
 * @param domainType `<domain type>`, default `kvm`
 * @public
 */
export function toDomainXml(expansion: WritableExpansion, domainType = 'kvm'): string {
  const skeleton = `<domain type='${escapeAttribute(domainType)}'>
  <os>
    <type arch='${escapeAttribute(expansion.arch)}' machine='${escapeAttribute(expansion.machine)}'>hvm</type>
  </os>
  <devices>
  </devices>
</domain>
`
  const doc = parseDomainXml(skeleton)
  if (!doc.ok) throw new Error(`devaddr: the domain skeleton does not parse: ${doc.error.message}`)
  // note: sourceIndex refers to the YAML/JSON input, not to this document: every device is new here
  return writeExpansion(doc.value, { ...expansion, devices: expansion.devices.map(({ sourceIndex: _, ...d }) => d) })
}

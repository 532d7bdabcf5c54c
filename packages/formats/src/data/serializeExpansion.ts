import type { Expansion } from 'devaddr'
import { Document, isPair, isScalar, Scalar, visit } from 'yaml'

import { DOMAIN_FACT_KEYS, type DomainFacts } from '../domain/domainFacts.ts'
import { writeDeviceData } from './deviceData.ts'
import { writePolicyData } from './policyData.ts'

/**
 * What `toYaml`/`toJson` read of an expansion (so a hand-made device list can be written too).
 * @public
 */
export type SerializableExpansion = Pick<Expansion, 'arch' | 'machine' | 'devices'> & Partial<Pick<Expansion, 'policy' | 'warnings'>>

/**
 * An expansion as plain data in the YAML/JSON format: `arch`, `machine`, the domain's facts
 * when given (`vcpus`, `numaNodes`, `features`, `firmware`, `sharedMemory`…: what the engine
 * reads besides the devices, so that the output expands again the same), `policy` (name and
 * version), `devices` (each with `id`, `kind`, `origin`, its fields and its address), and
 * `warnings` when there are any. Keys always come in the same order.
 */
export function expansionData(expansion: SerializableExpansion, facts: DomainFacts = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { arch: expansion.arch, machine: expansion.machine }
  for (const key of DOMAIN_FACT_KEYS) if (facts[key] !== undefined) out[key] = facts[key]
  if (expansion.policy !== undefined) out.policy = writePolicyData(expansion.policy)
  out.devices = expansion.devices.map(writeDeviceData)
  if (expansion.warnings !== undefined && expansion.warnings.length > 0) {
    out.warnings = expansion.warnings.map((w) => ({ code: w.code, message: w.message }))
  }
  return out
}

/**
 * Writes an expansion as YAML. Deterministic: the same expansion gives the same bytes. PCI
 * addresses are double-quoted (`"0000:00:1f.2"`), and strings a YAML 1.1 reader would take for
 * booleans (`on`, `off`) are quoted too. The output reads back with `parseDomainYaml`.
 * `facts`: the input's domain-wide fields (pass them so that the output expands again the same).
 *
 * @example
 * const r = expandDomain(parsed.input)
 * if (r.ok) process.stdout.write(toYaml(r.value))
 * @public
 */
export function toYaml(expansion: SerializableExpansion, facts?: DomainFacts): string {
  const doc = new Document(expansionData(expansion, facts), { version: '1.2' })
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.value) || typeof pair.value.value !== 'string') return
      if ((isScalar(pair.key) && QUOTED_KEYS.has(String(pair.key.value))) || YAML_11_BOOLEAN.test(pair.value.value)) {
        pair.value.type = Scalar.QUOTE_DOUBLE
      }
    },
  })
  return doc.toString({ lineWidth: 0 })
}

/** Plain scalars YAML 1.1 reads as booleans (`hotplug: off` would become false there). */
const YAML_11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/

/** Keys whose string values read best quoted: addresses look like numbers to a person. */
const QUOTED_KEYS: ReadonlySet<string> = new Set(['address', 'hostAddress', 'port'])

/**
 * Writes an expansion as JSON (two-space indent, final newline). Deterministic, and reads back
 * with `parseDomainJson`.
 * @public
 */
export function toJson(expansion: SerializableExpansion, facts?: DomainFacts): string {
  return `${JSON.stringify(expansionData(expansion, facts), null, 2)}\n`
}

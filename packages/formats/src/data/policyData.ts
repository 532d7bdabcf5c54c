import type { Policy, PolicyTunables, SparePortsSetting } from 'devaddr'

import {
  checkKeys,
  type DataPath,
  describe,
  Invalid,
  isRecord,
  readArray,
  readBoolean,
  readEnum,
  readRecord,
  readString,
  readUint,
} from './readValue.ts'

const SPARE_PORT_PRESETS = ['libvirt', 'kubevirt-v3', 'virt-install', 'ovirt'] as const

type TunableReader<K extends keyof PolicyTunables> = (v: unknown, path: DataPath, label: string) => NonNullable<PolicyTunables[K]>

/**
 * How each tunable is read, in output order. A tunable added to `PolicyTunables` must be added
 * here too (the mapped type makes a missing one a compile error).
 */
const TUNABLES: { [K in keyof PolicyTunables]-?: TunableReader<K> } = {
  sparePorts: readSparePorts,
  memoryMiB: (v, path, label) => readUint(v, path, label, Number.MAX_SAFE_INTEGER),
  numaExpanderBuses: readBoolean,
  placement: (v, path, label) => readEnum(v, ['auto', 'pci', 'pcie'] as const, path, label),
  rootComplexOnly: readBoolean,
  rootPortHotplug: (v, path, label) => readEnum(v, ['on', 'off', 'off-when-occupied'] as const, path, label),
  rootPortGrouping: (v, path, label) => readEnum(v, ['multifunction', 'distinct-slots'] as const, path, label),
  reservedSlots: (v, path, label) => readArray(v, path, label).map((s, i) => readUint(s, [...path, i], `${label}[${i}]`, 0x1f)),
}

/** The keys of a policy mapping. */
export const POLICY_KEYS: readonly string[] = ['name', 'version', 'tunables']

/**
 * Reads a policy: `name` (non-empty), `version` (non-negative integer), `tunables` (optional,
 * default none: libvirt's behaviour). Unknown keys are refused.
 *
 * @param label names the policy in messages (`policy` in a domain file, empty in a policy file)
 */
export function readPolicyData(v: unknown, path: DataPath, label: string, extraKeys: readonly string[] = []): Policy {
  const at = (key: string) => (label === '' ? key : `${label}.${key}`)
  const o = readRecord(v, path, label === '' ? 'a policy' : label)
  checkKeys(o, [...extraKeys, ...POLICY_KEYS], path, label === '' ? 'policy' : label)
  if (o.name === undefined) throw new Invalid(path, `${at('name')} is missing`)
  if (o.version === undefined) throw new Invalid(path, `${at('version')} is missing`)
  const policy: Policy = {
    name: readString(o.name, [...path, 'name'], at('name')),
    version: readUint(o.version, [...path, 'version'], at('version')),
    tunables: {},
  }
  if (o.tunables !== undefined && o.tunables !== null) {
    const tpath = [...path, 'tunables']
    const t = readRecord(o.tunables, tpath, at('tunables'))
    checkKeys(t, Object.keys(TUNABLES), tpath, at('tunables'))
    const tunables: Record<string, unknown> = {}
    for (const [key, read] of Object.entries(TUNABLES) as Array<[string, TunableReader<keyof PolicyTunables>]>) {
      if (t[key] !== undefined) tunables[key] = read(t[key], [...tpath, key], at(`tunables.${key}`))
    }
    policy.tunables = tunables as PolicyTunables
  }
  return policy
}

function readSparePorts(v: unknown, path: DataPath, label: string): SparePortsSetting {
  if (typeof v === 'string') return readEnum(v, SPARE_PORT_PRESETS, path, label)
  if (isRecord(v)) {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === 'free') return { free: readUint(v.free, [...path, 'free'], `${label}.free`) }
    if (keys.length === 1 && keys[0] === 'total') return { total: readUint(v.total, [...path, 'total'], `${label}.total`) }
  }
  throw new Invalid(
    path,
    `${label} must be one of ${SPARE_PORT_PRESETS.map((p) => `"${p}"`).join(', ')}, { free: N } or { total: N }, not ${describe(v)}`,
  )
}

/** A policy as data, tunables in `TUNABLES` order (only the ones set). */
export function writePolicyData(p: Pick<Policy, 'name' | 'version'> & Partial<Pick<Policy, 'tunables'>>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: p.name, version: p.version }
  if (p.tunables === undefined) return out
  const tunables: Record<string, unknown> = {}
  for (const key of Object.keys(TUNABLES) as Array<keyof PolicyTunables>) {
    const v = p.tunables[key]
    if (v !== undefined) tunables[key] = v
  }
  if (Object.keys(tunables).length > 0) out.tunables = tunables
  return out
}

import type { Device, DeviceKind, DomainInput, Policy, Result } from 'devaddr'

import { DOMAIN_FACT_KEYS } from '../domain/domainFacts.ts'
import { err, ok } from '../result.ts'
import { readDeviceData } from './deviceData.ts'
import type { FormatError } from './formatError.ts'
import { readPolicyData } from './policyData.ts'
import { type DataSyntax, type DataText, readDataText } from './readDataText.ts'
import { checkKeys, Invalid, readArray, readBoolean, readEnum, readRecord, readString, readUint } from './readValue.ts'

/**
 * A domain read from devaddr's YAML/JSON input format: what `expandDomain` takes, and the
 * options the file asks for.
 * @public
 */
export interface DomainData {
  input: DomainInput
  /** the file's `policy:` (a command line `--policy` overrides it) */
  policy?: Policy
  /** the file's `newDomain:`; absent means a new domain, as for `expandDomain` */
  newDomain?: boolean
}

/** Top-level keys, in output order. `warnings` is written by `toYaml`/`toJson` and ignored on input. */
export const DOMAIN_KEYS: readonly string[] = [
  '$schema',
  'arch',
  'machine',
  ...DOMAIN_FACT_KEYS,
  'newDomain',
  'policy',
  'devices',
  'warnings',
]

/**
 * Reads a domain in devaddr's YAML input format (see `schema/domain.schema.json`).
 *
 * @returns the domain, or a `FormatError` naming the value at fault with its line and column,
 *   e.g. `devices[3] (interface): address "0000:00:20.0": slot must be <= 0x1f`
 * @example
 * const r = parseDomainYaml('arch: x86_64\nmachine: q35\ndevices:\n  - kind: disk\n    bus: virtio\n    dst: vda\n')
 * if (r.ok) expandDomain(r.value.input, { policy: r.value.policy })
 * @public
 */
export function parseDomainYaml(text: string): Result<DomainData, FormatError> {
  return parseDomainText(text, 'yaml')
}

/**
 * Reads a domain in devaddr's JSON input format: the same shape as `parseDomainYaml`, strict JSON.
 * @public
 */
export function parseDomainJson(text: string): Result<DomainData, FormatError> {
  return parseDomainText(text, 'json')
}

/**
 * Reads a policy file in YAML (`name`, `version`, `tunables`; see `schema/policy.schema.json`).
 * @public
 */
export function parsePolicyYaml(text: string): Result<Policy, FormatError> {
  return parsePolicyText(text, 'yaml')
}

/** Reads a policy file in JSON. @public */
export function parsePolicyJson(text: string): Result<Policy, FormatError> {
  return parsePolicyText(text, 'json')
}

function parseDomainText(text: string, syntax: DataSyntax): Result<DomainData, FormatError> {
  const data = readDataText(text, syntax)
  if (!data.ok) return data
  return withPlace(data.value, () => readDomain(data.value.value))
}

function parsePolicyText(text: string, syntax: DataSyntax): Result<Policy, FormatError> {
  const data = readDataText(text, syntax)
  if (!data.ok) return data
  return withPlace(data.value, () => readPolicyData(data.value.value, [], '', ['$schema']))
}

function readDomain(v: unknown): DomainData {
  const o = readRecord(v, [], 'a domain')
  checkKeys(o, DOMAIN_KEYS, [], 'domain')
  for (const key of ['arch', 'machine'] as const) if (o[key] === undefined) throw new Invalid([], `${key} is missing`)
  const input: DomainInput = {
    arch: readString(o.arch, ['arch'], 'arch'),
    machine: readString(o.machine, ['machine'], 'machine'),
    devices: readDevices(o.devices),
  }
  if (o.domainType !== undefined) input.domainType = readString(o.domainType, ['domainType'], 'domainType')
  if (o.vcpus !== undefined) input.vcpus = readUint(o.vcpus, ['vcpus'], 'vcpus')
  if (o.numaNodes !== undefined) input.numaNodes = readUint(o.numaNodes, ['numaNodes'], 'numaNodes')
  if (o.memorySlots !== undefined) input.memorySlots = readUint(o.memorySlots, ['memorySlots'], 'memorySlots')
  if (o.memoryMiB !== undefined) input.memoryMiB = readUint(o.memoryMiB, ['memoryMiB'], 'memoryMiB')
  if (o.features !== undefined) {
    input.features = readArray(o.features, ['features'], 'features').map((f, i) => readString(f, ['features', i], `features[${i}]`))
  }
  if (o.ioapic !== undefined) input.ioapic = readString(o.ioapic, ['ioapic'], 'ioapic')
  if (o.firmware !== undefined) input.firmware = readEnum(o.firmware, ['efi', 'bios'] as const, ['firmware'], 'firmware')
  if (o.sharedMemory !== undefined) input.sharedMemory = readBoolean(o.sharedMemory, ['sharedMemory'], 'sharedMemory')
  if (o.osBoot !== undefined) input.osBoot = readBoolean(o.osBoot, ['osBoot'], 'osBoot')
  if (o.warnings !== undefined) readArray(o.warnings, ['warnings'], 'warnings')
  const out: DomainData = { input }
  if (o.policy !== undefined) out.policy = readPolicyData(o.policy, ['policy'], 'policy')
  if (o.newDomain !== undefined) out.newDomain = readBoolean(o.newDomain, ['newDomain'], 'newDomain')
  return out
}

function readDevices(v: unknown): Device[] {
  if (v === undefined || v === null) return []
  const counts = new Map<DeviceKind, number>()
  const next = (kind: DeviceKind) => counts.get(kind) ?? 0
  const seen = new Map<string, number>()
  return readArray(v, ['devices'], 'devices').map((entry, i) => {
    const device = readDeviceData(entry, i, next)
    counts.set(device.kind, next(device.kind) + 1)
    const earlier = seen.get(device.id)
    if (earlier !== undefined) {
      throw new Invalid(['devices', i, 'id'], `devices[${i}] (${device.kind}): id "${device.id}" is already the id of devices[${earlier}]`)
    }
    seen.set(device.id, i)
    return device
  })
}

/** Runs a reader, turning an `Invalid` into a `FormatError` with the place of the value. */
function withPlace<T>(data: DataText, read: () => T): Result<T, FormatError> {
  try {
    return ok(read())
  } catch (e) {
    if (!(e instanceof Invalid)) throw e
    const error: FormatError = { code: 'invalid-value', message: e.message, path: e.path }
    const at = data.locate(e.path, e.atKey)
    if (at !== undefined) {
      error.line = at.line
      error.column = at.column
    }
    return err(error)
  }
}

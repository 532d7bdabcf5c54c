import { type ControllerTarget, type Device, DEVICE_KINDS, type DeviceKind, formatPciAddress, isDeviceKind } from 'devaddr'

import { readAddressData, writeAddressData } from './addressData.ts'
import { parsePciAddressText } from './pciAddressText.ts'
import { checkKeys, type DataPath, describe, Invalid, readBoolean, readEnum, readRecord, readString, readUint } from './readValue.ts'

/** How one field is written in data files. */
type FieldSpec = 'string' | 'uint' | 'boolean' | 'target' | 'pci-text' | readonly string[]

/** Device fields carried as data, minus identity and address (which have their own rules). */
type DataField = Exclude<keyof Device, 'id' | 'kind' | 'origin' | 'sourceIndex' | 'address'>

/**
 * Every `Device` field and how it is written, in output order. A field added to `Device` must be
 * added here too (the `satisfies` makes a missing one a compile error).
 */
const DEVICE_FIELDS = {
  type: 'string',
  model: 'string',
  bus: 'string',
  bootOrder: 'uint',
  dst: 'string',
  diskDevice: 'string',
  emptyMedium: 'boolean',
  readOnly: 'boolean',
  serial: 'string',
  index: 'uint',
  modelName: 'string',
  target: 'target',
  ports: 'uint',
  masterStartport: 'uint',
  mode: 'string',
  hostAddress: 'pci-text',
  hostIsPcie: 'boolean',
  hostIommuGroup: 'uint',
  driverType: 'string',
  targetType: 'string',
  targetModel: 'string',
  targetPort: 'uint',
  targetName: 'string',
  primary: 'boolean',
  action: 'string',
  intremap: ['on', 'off'],
  eim: ['on', 'off'],
  memorySlotted: 'boolean',
  numaNode: 'uint',
  placement: ['pci', 'pcie', 'integrated'],
  hotplug: ['on', 'off'],
} as const satisfies { [K in DataField]-?: FieldSpec }

const TARGET_FIELDS = {
  chassisNr: 'uint',
  chassis: 'uint',
  port: 'uint',
  busNr: 'uint',
  index: 'uint',
  hotplug: ['on', 'off'],
  node: 'uint',
  memReserve: 'uint',
} as const satisfies { [K in keyof ControllerTarget]-?: FieldSpec }

const ORIGINS = ['input', 'default', 'implicit', 'auto'] as const

/** The keys a device mapping may have, in output order. */
export const DEVICE_KEYS: readonly string[] = ['id', 'kind', 'origin', ...Object.keys(DEVICE_FIELDS), 'address', 'multifunction', 'zpci']

/** `devices[3] (interface)`: how data-file errors name a device (0-based, as the path reads). */
export function deviceDataLabel(i: number, kind?: DeviceKind): string {
  return kind === undefined ? `devices[${i}]` : `devices[${i}] (${kind})`
}

/**
 * Reads one entry of `devices`. The id is the entry's `id` when given, else `${kind}${n}` with
 * `n` the count of earlier devices of that kind (as for XML input). `origin`, written by
 * `toYaml`/`toJson`, is accepted and ignored: every device read is an input device.
 *
 * @param n count of earlier entries of the same kind
 */
export function readDeviceData(v: unknown, i: number, n: (kind: DeviceKind) => number): Device {
  const path: DataPath = ['devices', i]
  const o = readRecord(v, path, deviceDataLabel(i))
  if (o.kind === undefined) throw new Invalid(path, `${deviceDataLabel(i)}: kind is missing (one of ${DEVICE_KINDS.join(', ')})`)
  if (typeof o.kind !== 'string' || !isDeviceKind(o.kind)) {
    throw new Invalid(
      [...path, 'kind'],
      `${deviceDataLabel(i)}: kind ${describe(o.kind)} is not a device kind (${DEVICE_KINDS.join(', ')})`,
    )
  }
  const kind = o.kind
  const label = deviceDataLabel(i, kind)
  checkKeys(o, DEVICE_KEYS, path, label)
  const id = o.id === undefined ? `${kind}${n(kind)}` : readString(o.id, [...path, 'id'], `${label}: id`)
  if (o.origin !== undefined) readEnum(o.origin, ORIGINS, [...path, 'origin'], `${label}: origin`)
  const device: Device = { id, kind, origin: 'input', sourceIndex: i }
  const fields = device as unknown as Record<string, unknown>
  for (const [key, spec] of Object.entries(DEVICE_FIELDS) as Array<[DataField, FieldSpec]>) {
    if (o[key] === undefined) continue
    fields[key] = key === 'target' ? readTarget(o[key], [...path, key], label) : readField(o[key], spec, [...path, key], `${label}: ${key}`)
  }
  const address = readAddressData(o, path, label)
  if (address !== undefined) device.address = address
  return device
}

function readTarget(v: unknown, path: DataPath, label: string): ControllerTarget {
  const o = readRecord(v, path, `${label}: target`)
  checkKeys(o, Object.keys(TARGET_FIELDS), path, `${label}: target`)
  const t: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(TARGET_FIELDS)) {
    if (o[key] !== undefined) t[key] = readField(o[key], spec, [...path, key], `${label}: target.${key}`)
  }
  return t as ControllerTarget
}

function readField(v: unknown, spec: FieldSpec, path: DataPath, label: string): unknown {
  if (typeof spec !== 'string') return readEnum(v, spec, path, label)
  switch (spec) {
    case 'string':
      return readString(v, path, label)
    case 'uint':
      return readUint(v, path, label)
    case 'boolean':
      return readBoolean(v, path, label)
    case 'pci-text': {
      const text = readString(v, path, label)
      const parsed = parsePciAddressText(text)
      if (!parsed.ok) throw new Invalid(path, `${label} "${text}": ${parsed.reason}`)
      // note: the engine compares host addresses as text, so they are kept in one canonical form
      return formatPciAddress(parsed.value)
    }
    case 'target':
      throw new Error('target is read by readTarget')
  }
}

/** A device as data: `id`, `kind`, `origin`, then every defined field in `DEVICE_KEYS` order. */
export function writeDeviceData(d: Device): Record<string, unknown> {
  const out: Record<string, unknown> = { id: d.id, kind: d.kind, origin: d.origin }
  const fields = d as unknown as Record<string, unknown>
  for (const key of Object.keys(DEVICE_FIELDS)) {
    const v = fields[key]
    if (v === undefined) continue
    out[key] = key === 'target' ? writeTarget(v as ControllerTarget) : v
  }
  return { ...out, ...writeAddressData(d.address) }
}

function writeTarget(t: ControllerTarget): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(TARGET_FIELDS) as Array<keyof ControllerTarget>) {
    if (t[key] !== undefined) out[key] = t[key]
  }
  return out
}

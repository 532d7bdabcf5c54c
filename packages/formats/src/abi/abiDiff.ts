import { type Address, type ControllerTarget, type Device, type DeviceKind, formatPciAddress } from 'devaddr'

import { exhaustive } from '../result.ts'
import type { AbiDevice, AbiDomain } from './abiDomain.ts'

/**
 * One guest-visible difference between two domains.
 * @public
 */
export type AbiChange =
  /** the machine type or architecture differs */
  | { kind: 'machine'; field: 'arch' | 'machine'; old: string; new: string }
  | { kind: 'added'; device: string; address: string }
  | { kind: 'removed'; device: string; address: string }
  /** the device's address differs */
  | { kind: 'moved'; device: string; old: string; new: string }
  /** the `multifunction` flag of the device's PCI address differs (absent counts as off) */
  | { kind: 'multifunction'; device: string; old: 'on' | 'off'; new: 'on' | 'off' }
  /** the device model differs (`model`, a PCI controller's `<model name>`) */
  | { kind: 'remodelled'; device: string; field: string; old: string; new: string }
  /** another guest-visible field differs (a root port's chassis, a disk's bus…) */
  | { kind: 'changed'; device: string; field: string; old: string; new: string }

/** Guest-visible fields besides the address, model and identity, compared on every matched pair. */
const CHANGED_FIELDS = ['bus', 'diskDevice', 'ports', 'targetType', 'targetModel', 'targetPort', 'primary'] as const
const TARGET_FIELDS: ReadonlyArray<keyof ControllerTarget> = [
  'chassisNr',
  'chassis',
  'port',
  'busNr',
  'index',
  'node',
  'hotplug',
  'memReserve',
]

/**
 * Lists every guest-visible difference between two domains: the machine, devices added and
 * removed, devices moved to another address, multifunction flags, models and the other fields a
 * guest sees. Devices are matched by identity (disk target, interface MAC, controller type and
 * index, hostdev source, alias), else by position among the unidentified devices of their kind.
 * Pure and deterministic: changes come machine first, then in the old domain's device order,
 * then additions in the new domain's order.
 *
 * @returns no changes when the guest cannot tell the two apart
 * @example
 * diffDomainAbi(abiDomainFromXml(oldDoc), abiDomainFromXml(newDoc)).map(formatAbiChange)
 * // ['moved: disk vda: 0000:04:00.0 -> 0000:05:00.0']
 * @see virDomainDefCheckABIStability
 * @public
 */
export function diffDomainAbi(before: AbiDomain, after: AbiDomain): AbiChange[] {
  const changes: AbiChange[] = []
  for (const field of ['arch', 'machine'] as const) {
    if (before[field] !== after[field]) changes.push({ kind: 'machine', field, old: before[field], new: after[field] })
  }
  const oldNames = names(before.devices)
  const newNames = names(after.devices)
  const matched = match(before.devices, after.devices)
  for (const [i, a] of before.devices.entries()) {
    const j = matched.get(i)
    const b = j === undefined ? undefined : after.devices[j]
    const name = oldNames[i]!
    if (b === undefined) changes.push({ kind: 'removed', device: name, address: addressText(a.device.address) })
    else changes.push(...deviceChanges(name, a.device, b.device))
  }
  const taken = new Set(matched.values())
  for (const [j, b] of after.devices.entries()) {
    if (!taken.has(j)) changes.push({ kind: 'added', device: newNames[j]!, address: addressText(b.device.address) })
  }
  return changes
}

/**
 * One line for a change: `moved: disk vda: 0000:00:04.0 -> 0000:00:05.0`.
 * @public
 */
export function formatAbiChange(c: AbiChange): string {
  switch (c.kind) {
    case 'machine':
      return `${c.field}: ${c.old} -> ${c.new}`
    case 'added':
    case 'removed':
      return `${c.kind}: ${c.device} at ${c.address}`
    case 'moved':
    case 'multifunction':
      return `${c.kind}: ${c.device}: ${c.old} -> ${c.new}`
    case 'remodelled':
    case 'changed':
      return `${c.kind}: ${c.device}: ${c.field} ${c.old} -> ${c.new}`
    default:
      return exhaustive(c)
  }
}

function deviceChanges(name: string, a: Device, b: Device): AbiChange[] {
  const out: AbiChange[] = []
  if (addressKey(a.address) !== addressKey(b.address)) {
    out.push({ kind: 'moved', device: name, old: addressText(a.address), new: addressText(b.address) })
  }
  if (a.address?.type === 'pci' && b.address?.type === 'pci') {
    const was = a.address.multifunction ?? 'off'
    const is = b.address.multifunction ?? 'off'
    if (was !== is) out.push({ kind: 'multifunction', device: name, old: was, new: is })
  }
  for (const field of ['model', 'modelName'] as const) {
    if (a[field] !== b[field]) out.push({ kind: 'remodelled', device: name, field, old: text(a[field]), new: text(b[field]) })
  }
  for (const field of CHANGED_FIELDS) {
    if (a[field] !== b[field]) out.push({ kind: 'changed', device: name, field, old: text(a[field]), new: text(b[field]) })
  }
  for (const field of TARGET_FIELDS) {
    const was = a.target?.[field]
    const is = b.target?.[field]
    if (was !== is) out.push({ kind: 'changed', device: name, field: `target.${field}`, old: text(was), new: text(is) })
  }
  return out
}

/**
 * Pairs old device i with new device j: by identity first, then by position per kind among the
 * rest. Two devices with different identities are never paired (a new MAC is a new NIC), but a
 * device with an identity pairs with one without (XML against YAML, which has no MAC).
 */
function match(before: readonly AbiDevice[], after: readonly AbiDevice[]): Map<number, number> {
  const pairs = new Map<number, number>()
  const byIdentity = new Map<string, number>()
  for (const [j, b] of after.entries()) if (b.identity !== undefined && !byIdentity.has(b.identity)) byIdentity.set(b.identity, j)
  for (const [i, a] of before.entries()) {
    const j = a.identity === undefined ? undefined : byIdentity.get(a.identity)
    if (j !== undefined) {
      pairs.set(i, j)
      byIdentity.delete(a.identity!)
    }
  }
  const taken = new Set(pairs.values())
  const rest = new Map<DeviceKind, number[]>()
  for (const [j, b] of after.entries()) if (!taken.has(j)) rest.set(b.device.kind, [...(rest.get(b.device.kind) ?? []), j])
  for (const [i, a] of before.entries()) {
    if (pairs.has(i)) continue
    const candidates = rest.get(a.device.kind) ?? []
    const k = candidates.findIndex((j) => a.identity === undefined || after[j]!.identity === undefined)
    if (k < 0) continue
    pairs.set(i, candidates[k]!)
    candidates.splice(k, 1)
  }
  return pairs
}

/** How each device is named in changes: its identity, or `kind #n` (1-based among unidentified ones). */
function names(devices: readonly AbiDevice[]): string[] {
  const counts = new Map<DeviceKind, number>()
  return devices.map((d) => {
    const model = d.device.model === undefined ? '' : ` (${d.device.model})`
    if (d.identity !== undefined) return `${d.identity}${model}`
    const n = (counts.get(d.device.kind) ?? 0) + 1
    counts.set(d.device.kind, n)
    return `${d.device.kind} #${n}${model}`
  })
}

/** An address for comparison: everything the guest sees but the multifunction flag. */
function addressKey(a: Address | undefined): string {
  if (a?.type !== 'pci') return addressText(a)
  return `${formatPciAddress(a)} ${JSON.stringify(a.zpci ?? {})}`
}

/**
 * An address as people read it: `0000:00:1f.2`, `drive 0:0:0:1`, `usb 0 port 1.2`.
 * @public
 */
export function addressText(a: Address | undefined): string {
  if (a === undefined) return '(no address)'
  const hex = (n: number | undefined) => (n === undefined ? '?' : `0x${n.toString(16)}`)
  switch (a.type) {
    case 'pci':
      return a.zpci === undefined ? formatPciAddress(a) : `${formatPciAddress(a)} zpci uid ${hex(a.zpci.uid)} fid ${hex(a.zpci.fid)}`
    case 'drive':
      return `drive ${a.controller}:${a.bus}:${a.target}:${a.unit}`
    case 'virtio-serial':
      return `virtio-serial ${a.controller}:${a.bus}:${a.port}`
    case 'ccid':
      return `ccid ${a.controller}:${a.slot}`
    case 'usb':
      return `usb ${a.bus}${a.port === undefined ? '' : ` port ${a.port}`}`
    case 'spapr-vio':
      return `spapr-vio reg ${hex(a.reg)}`
    case 'ccw':
      return `ccw ${hex(a.cssid)}.${hex(a.ssid)}.${hex(a.devno)}`
    case 'isa':
      return `isa iobase ${hex(a.iobase)} irq ${hex(a.irq)}`
    case 'dimm':
      return `dimm slot ${a.slot ?? '?'} base ${hex(a.base)}`
    case 'virtio-mmio':
    case 'unassigned':
      return a.type
    default:
      return exhaustive(a)
  }
}

function text(v: string | number | boolean | undefined): string {
  return v === undefined ? '(none)' : String(v)
}

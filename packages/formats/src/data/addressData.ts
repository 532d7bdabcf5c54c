import { type Address, ADDRESS_TYPES, type AddressType, formatPciAddress, type PciAddress } from 'devaddr'

import { defined } from '../defined.ts'
import { exhaustive } from '../result.ts'
import { parsePciAddressText } from './pciAddressText.ts'
import { checkKeys, type DataPath, describe, Invalid, isRecord, readBoolean, readEnum, readRecord, readUint } from './readValue.ts'

/** The numeric fields of each object-form address type, in writing order. */
const ADDRESS_FIELDS = {
  pci: [],
  drive: ['controller', 'bus', 'target', 'unit'],
  'virtio-serial': ['controller', 'bus', 'port'],
  ccid: ['controller', 'slot'],
  usb: ['bus', 'port'],
  'spapr-vio': ['reg'],
  ccw: ['cssid', 'ssid', 'devno'],
  'virtio-mmio': [],
  isa: ['iobase', 'irq'],
  dimm: ['slot', 'base'],
  unassigned: [],
} as const satisfies Record<AddressType, readonly string[]>

/** A device's address in data form: the `address` key and, for PCI, the flags beside it. */
export interface AddressData {
  address?: string | Record<string, number | string>
  multifunction?: boolean
  zpci?: { uid?: number; fid?: number }
}

/**
 * The data form of an address: PCI as `"0000:00:1f.2"` (flags as sibling keys `multifunction`
 * and `zpci`), every other type as an object with `type` first, e.g.
 * `{ type: drive, controller: 0, bus: 0, target: 0, unit: 1 }`.
 */
export function writeAddressData(a: Address | undefined): AddressData {
  if (a === undefined) return {}
  if (a.type === 'pci') {
    const out: AddressData = { address: formatPciAddress(a) }
    if (a.multifunction !== undefined) out.multifunction = a.multifunction === 'on'
    if (a.zpci !== undefined) out.zpci = defined({ uid: a.zpci.uid, fid: a.zpci.fid })
    return out
  }
  const o: Record<string, number | string> = { type: a.type }
  const fields: readonly string[] = ADDRESS_FIELDS[a.type]
  for (const f of fields) {
    const v = (a as unknown as Record<string, number | string | undefined>)[f]
    if (v !== undefined) o[f] = v
  }
  return { address: o }
}

/**
 * Reads `address` (with `multifunction`, `zpci`) from a device mapping.
 * An object without `type` is a drive address, the common non-PCI case.
 *
 * @param label names the device in messages: `devices[3] (interface)`
 */
export function readAddressData(o: Record<string, unknown>, path: DataPath, label: string): Address | undefined {
  const raw = o.address
  const flagsGiven = o.multifunction !== undefined || o.zpci !== undefined
  if (raw === undefined) {
    if (flagsGiven) throw new Invalid(path, `${label}: multifunction and zpci need a PCI address`)
    return undefined
  }
  const at = [...path, 'address']
  if (typeof raw === 'string') return readPci(o, raw, path, label)
  if (flagsGiven) throw new Invalid(at, `${label}: multifunction and zpci need a PCI address ("DDDD:BB:SS.F")`)
  if (!isRecord(raw)) {
    throw new Invalid(at, `${label}: address must be a PCI address "DDDD:BB:SS.F" or a mapping with a type, not ${describe(raw)}`)
  }
  const type = raw.type === undefined ? 'drive' : readEnum(raw.type, ADDRESS_TYPES, [...at, 'type'], `${label}: address type`)
  if (type === 'pci') throw new Invalid(at, `${label}: a PCI address is written as a string, e.g. "0000:00:1f.2"`)
  const fields: readonly string[] = ADDRESS_FIELDS[type]
  checkKeys(raw, ['type', ...fields], at, `${label}: ${type} address`)
  const num = (name: string, max?: number): number | undefined =>
    raw[name] === undefined ? undefined : readUint(raw[name], [...at, name], `${label}: ${type} address ${name}`, max)
  switch (type) {
    case 'drive':
      return { type, controller: num('controller') ?? 0, bus: num('bus') ?? 0, target: num('target') ?? 0, unit: num('unit') ?? 0 }
    case 'virtio-serial':
      return { type, controller: num('controller') ?? 0, bus: num('bus') ?? 0, port: num('port') ?? 0 }
    case 'ccid':
      return { type, controller: num('controller') ?? 0, slot: num('slot') ?? 0 }
    case 'usb': {
      const port = raw.port
      if (port === undefined) return { type, bus: num('bus') ?? 0 }
      const text = typeof port === 'number' ? String(port) : port
      if (typeof text !== 'string' || !/^\d+(\.\d+){0,3}$/.test(text)) {
        throw new Invalid(
          [...at, 'port'],
          `${label}: usb address port must be a dotted path of 1 to 4 port numbers ("1.2"), not ${describe(port)}`,
        )
      }
      return { type, bus: num('bus') ?? 0, port: text }
    }
    case 'spapr-vio':
      return defined({ type, reg: num('reg', Number.MAX_SAFE_INTEGER) })
    case 'ccw': {
      const a = defined({ type, cssid: num('cssid', 0xfe), ssid: num('ssid', 3), devno: num('devno', 0xffff) })
      const given = [a.cssid, a.ssid, a.devno].filter((v) => v !== undefined).length
      if (given !== 0 && given !== 3) throw new Invalid(at, `${label}: ccw address needs all of cssid, ssid and devno, or none of them`)
      return a
    }
    case 'isa':
      return defined({ type, iobase: num('iobase'), irq: num('irq') })
    case 'dimm':
      return defined({ type, slot: num('slot'), base: num('base', Number.MAX_SAFE_INTEGER) })
    case 'virtio-mmio':
    case 'unassigned':
      return { type }
    default:
      return exhaustive(type)
  }
}

function readPci(o: Record<string, unknown>, text: string, path: DataPath, label: string): PciAddress {
  const parsed = parsePciAddressText(text)
  if (!parsed.ok) throw new Invalid([...path, 'address'], `${label}: address "${text}": ${parsed.reason}`)
  const a: PciAddress = { type: 'pci', ...parsed.value }
  if (o.multifunction !== undefined) {
    a.multifunction = readBoolean(o.multifunction, [...path, 'multifunction'], `${label}: multifunction`) ? 'on' : 'off'
  }
  if (o.zpci !== undefined) {
    const at = [...path, 'zpci']
    const z = readRecord(o.zpci, at, `${label}: zpci`)
    checkKeys(z, ['uid', 'fid'], at, `${label}: zpci`)
    const uid = z.uid === undefined ? undefined : readUint(z.uid, [...at, 'uid'], `${label}: zpci uid`, 0xffff)
    // note: libvirt reserves uid 0 to mean "assign one"; written explicitly it is an error
    if (uid === 0) throw new Invalid([...at, 'uid'], `${label}: zpci uid must be > 0`)
    a.zpci = defined({ uid, fid: z.fid === undefined ? undefined : readUint(z.fid, [...at, 'fid'], `${label}: zpci fid`) })
  }
  return a
}

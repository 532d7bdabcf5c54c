import type { Device } from '../model/device.ts'

/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans), dropping fields set
 * to undefined as a JSON round trip would, without building the JSON text.
 */
export function copyPlainData(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) {
    const copy: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) copy[i] = v[i] === undefined ? null : copyPlainData(v[i])
    return copy
  }
  // note: for…in instead of Object.entries, which builds an array per key; own fields only,
  // as JSON would copy them
  const o = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue
    const x = o[k]
    if (x === undefined) continue
    const value = typeof x === 'object' ? copyPlainData(x) : x
    // note: an own `__proto__` field (JSON.parse makes one) must stay a field: assigned, it
    // would set the copy's prototype instead
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true })
    else out[k] = value
  }
  return out
}

/** A deep copy of a device, as a JSON round trip would make it. */
export const cloneDevice = (d: Device): Device => copyPlainData(d) as Device

const nested = <T>(v: T | undefined): T | undefined => (v === undefined ? undefined : (copyPlainData(v) as T))

/**
 * The engine's own copy of a device: every field of `Device` present, in one order, those the
 * device lacks set to undefined, and its nested objects copied.
 * note: one shape for every device the engine works on. Copies shaped like the parser's
 * objects (a dozen key orders, and fields added in the order the steps set them) made every
 * loop over the domain's devices read fields through V8's megamorphic lookup: 10–15% of the
 * engine's time. `plainDevice` turns a working copy back into the public shape.
 * Fields outside `Device` (a caller's own) are dropped, as the engine never reads them.
 */
export function workingCopy(d: Device): Device {
  const w: { [K in keyof Required<Device>]: Device[K] | undefined } & WorkingFields = {
    id: d.id,
    kind: d.kind,
    origin: d.origin,
    sourceIndex: d.sourceIndex,
    type: d.type,
    model: d.model,
    bus: d.bus,
    address: nested(d.address),
    bootOrder: d.bootOrder,
    dst: d.dst,
    diskDevice: d.diskDevice,
    emptyMedium: d.emptyMedium,
    readOnly: d.readOnly,
    serial: d.serial,
    index: d.index,
    modelName: d.modelName,
    target: nested(d.target),
    ports: d.ports,
    masterStartport: d.masterStartport,
    mode: d.mode,
    hostIsPcie: d.hostIsPcie,
    hostAddress: d.hostAddress,
    hostIommuGroup: d.hostIommuGroup,
    driverType: d.driverType,
    targetType: d.targetType,
    targetModel: d.targetModel,
    targetPort: d.targetPort,
    targetName: d.targetName,
    primary: d.primary,
    action: d.action,
    intremap: d.intremap,
    eim: d.eim,
    memorySlotted: d.memorySlotted,
    numaNode: d.numaNode,
    placement: d.placement,
    hotplug: d.hotplug,
    pciFlags: undefined,
  }
  return w as Device
}

/**
 * A device in the engine's own object shape (every field of `Device` present, undefined until
 * set, and the engine's own fields), with only its id, kind and origin set: the caller sets the
 * rest field by field. For the devices the engine adds, and for a reader that builds an input
 * for `expandDomain` with `adoptInput` (the engine then reads them without copying them first).
 * The object holds undefined fields, so it is not for anything but the engine: write its
 * fields, hand it over, drop it.
 * note: its fields are workingCopy's, in the same order, so both make objects of one shape
 * (expandDomain.test.ts checks every device of an expansion has the same keys)
 * note: not `workingCopy` of a literal, which reads the literal's fields through the lookups
 * shared with every parsed device (the megamorphic reads that make a copy cost): a domain of
 * 100 devices adds some 60 root ports one by one
 * @example
 * const d = newWorkingDevice('disk0', 'disk', 'input')
 * d.bus = 'virtio'
 * expandDomain({ arch: 'x86_64', machine: 'q35', devices: [d] }, { adoptInput: true })
 * @public
 */
export function newWorkingDevice(id: string, kind: Device['kind'], origin: Device['origin']): Device {
  const w: { [K in keyof Required<Device>]: Device[K] | undefined } & WorkingFields = {
    id,
    kind,
    origin,
    sourceIndex: undefined,
    type: undefined,
    model: undefined,
    bus: undefined,
    address: undefined,
    bootOrder: undefined,
    dst: undefined,
    diskDevice: undefined,
    emptyMedium: undefined,
    readOnly: undefined,
    serial: undefined,
    index: undefined,
    modelName: undefined,
    target: undefined,
    ports: undefined,
    masterStartport: undefined,
    mode: undefined,
    hostIsPcie: undefined,
    hostAddress: undefined,
    hostIommuGroup: undefined,
    driverType: undefined,
    targetType: undefined,
    targetModel: undefined,
    targetPort: undefined,
    targetName: undefined,
    primary: undefined,
    action: undefined,
    intremap: undefined,
    eim: undefined,
    memorySlotted: undefined,
    numaNode: undefined,
    placement: undefined,
    hotplug: undefined,
    pciFlags: undefined,
  }
  return w as Device
}

/**
 * What the engine keeps on a working copy besides the device's own fields; `plainDevice`
 * leaves it out.
 * note: on the copy, not in a Map keyed by device: a Map lookup per device and step (the PCI
 * connect flags are read several times per device in each of the two PCI passes) cost more
 * than the rest of those steps' work
 */
interface WorkingFields {
  /** the PCI connect flags of the current PCI pass (see PciPass.flags) */
  pciFlags: number | undefined
}

/** A device's working fields: read and written only by the engine, on its working copies. */
export const workingFields = (d: Device): WorkingFields => d as unknown as WorkingFields

/** A working copy in the public shape: only the fields it has, in `Device`'s order. */
export function plainDevice(w: Device): Device {
  const d: Device = { id: w.id, kind: w.kind, origin: w.origin }
  if (w.sourceIndex !== undefined) d.sourceIndex = w.sourceIndex
  if (w.type !== undefined) d.type = w.type
  if (w.model !== undefined) d.model = w.model
  if (w.bus !== undefined) d.bus = w.bus
  if (w.address !== undefined) d.address = w.address
  if (w.bootOrder !== undefined) d.bootOrder = w.bootOrder
  if (w.dst !== undefined) d.dst = w.dst
  if (w.diskDevice !== undefined) d.diskDevice = w.diskDevice
  if (w.emptyMedium !== undefined) d.emptyMedium = w.emptyMedium
  if (w.readOnly !== undefined) d.readOnly = w.readOnly
  if (w.serial !== undefined) d.serial = w.serial
  if (w.index !== undefined) d.index = w.index
  if (w.modelName !== undefined) d.modelName = w.modelName
  if (w.target !== undefined) d.target = w.target
  if (w.ports !== undefined) d.ports = w.ports
  if (w.masterStartport !== undefined) d.masterStartport = w.masterStartport
  if (w.mode !== undefined) d.mode = w.mode
  if (w.hostIsPcie !== undefined) d.hostIsPcie = w.hostIsPcie
  if (w.hostAddress !== undefined) d.hostAddress = w.hostAddress
  if (w.hostIommuGroup !== undefined) d.hostIommuGroup = w.hostIommuGroup
  if (w.driverType !== undefined) d.driverType = w.driverType
  if (w.targetType !== undefined) d.targetType = w.targetType
  if (w.targetModel !== undefined) d.targetModel = w.targetModel
  if (w.targetPort !== undefined) d.targetPort = w.targetPort
  if (w.targetName !== undefined) d.targetName = w.targetName
  if (w.primary !== undefined) d.primary = w.primary
  if (w.action !== undefined) d.action = w.action
  if (w.intremap !== undefined) d.intremap = w.intremap
  if (w.eim !== undefined) d.eim = w.eim
  if (w.memorySlotted !== undefined) d.memorySlotted = w.memorySlotted
  if (w.numaNode !== undefined) d.numaNode = w.numaNode
  if (w.placement !== undefined) d.placement = w.placement
  if (w.hotplug !== undefined) d.hotplug = w.hotplug
  return d
}

/**
 * Clears a field of a working copy: sets it to undefined, where `delete` would take the
 * object out of the one shape (see workingCopy) into V8's dictionary mode.
 */
export function unsetField(d: Device, field: Exclude<keyof Device, 'id' | 'kind' | 'origin'>): void {
  ;(d as unknown as Record<string, unknown>)[field] = undefined
}

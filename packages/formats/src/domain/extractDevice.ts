import { type ControllerTarget, type Device, type DeviceKind, newWorkingDevice, type Result } from 'devaddr'

import { defined } from '../defined.ts'
import { err, exhaustive, ok } from '../result.ts'
import { childElement, getAttribute, textContent, type XmlElement } from '../xml/tree.ts'
import { type XmlError, xmlError } from '../xml/xmlError.ts'
import { parseAddress } from './parseAddress.ts'
import { describeNumber, LIBVIRT_NUMBERS, type LibvirtNumber, parseUnsigned } from './parseNumber.ts'

/** A failed read of a number, thrown inside this module only. */
class Invalid {
  constructor(readonly error: XmlError) {}
}

/** Where an input device sits among the input's devices. */
export interface DevicePosition {
  /** 0-based count of earlier devices of the same kind */
  n: number
  /** 0-based ordinal among all device elements of `<devices>` */
  sourceIndex: number
}

/**
 * The object a device is read into: `plain`, a `Device` with only the fields it has; `engine`,
 * the engine's own object shape (`newWorkingDevice`), for an input handed to `expandDomain`
 * with `adoptInput` and then dropped.
 */
export type DeviceShape = 'plain' | 'engine'

/**
 * Reads one device element into the engine's `Device`: id `${kind}${n}`, origin `input`, and the
 * fields address assignment needs (see the field notes on `Device`). Everything else stays in the
 * XML tree.
 *
 * @returns the device, or an `invalid-value` error naming it (`controller #3: …`)
 */
export function extractDevice(
  el: XmlElement,
  kind: DeviceKind,
  at: DevicePosition,
  shape: DeviceShape = 'plain',
): Result<Device, XmlError> {
  const label = deviceXmlLabel(kind, at.n)
  try {
    const id = `${kind}${at.n}`
    const fields = kindFields(el, kind, label)
    let device: Device
    if (shape === 'plain') {
      device = { id, kind, origin: 'input', sourceIndex: at.sourceIndex }
      Object.assign(device, defined(fields))
    } else {
      device = newWorkingDevice(id, kind, 'input')
      device.sourceIndex = at.sourceIndex
      const into = device as Record<keyof Device, unknown>
      for (const k in fields) {
        const v = fields[k as keyof DeviceFields]
        if (v !== undefined) into[k as keyof Device] = v
      }
    }
    const bootOrder = BOOTABLE.has(kind) ? readBootOrder(el, label) : undefined
    if (bootOrder !== undefined) device.bootOrder = bootOrder
    const address = childElement(el, 'address')
    if (address !== undefined) {
      const a = parseAddress(address, label)
      if (!a.ok) return a
      device.address = a.value
    }
    return ok(device)
  } catch (e) {
    if (e instanceof Invalid) return err(e.error)
    throw e
  }
}

/** The devices whose `<boot order>` libvirt reads (elsewhere it ignores the element). @see virDomainDeviceInfoParseXML */
const BOOTABLE: ReadonlySet<DeviceKind> = new Set(['disk', 'filesystem', 'interface', 'hostdev', 'redirdev'])

/** `<boot order='N'>`: required, and N is a positive number. @see virDomainDeviceBootParseXML */
function readBootOrder(el: XmlElement, label: string): number | undefined {
  const boot = childElement(el, 'boot')
  if (boot === undefined) return undefined
  const order = readNumber(boot, 'order', label, 'boot@order')
  if (order === undefined || order === 0)
    throw new Invalid(xmlError('invalid-value', `${label}: <boot> needs an order of 1 or more (order='N')`, boot.line, boot.column))
  return order
}

/** The attribute of `<source>` that names a local disk's medium, per disk type (file is the default type). */
const LOCAL_SOURCE_ATTRIBUTE: Readonly<Record<string, string>> = { file: 'file', block: 'dev', dir: 'dir' }

/** A file, block or dir disk whose `<source>` names nothing: an empty drive. @see virStorageSourceIsEmpty */
function hasNoMedium(disk: XmlElement): boolean {
  const pathAttribute = LOCAL_SOURCE_ATTRIBUTE[getAttribute(disk, 'type') ?? 'file']
  if (pathAttribute === undefined) return false
  const source = childElement(disk, 'source')
  return source === undefined || (getAttribute(source, pathAttribute) ?? '') === ''
}

/** The text of a `<serial>` child, as libvirt reads it (untrimmed); undefined when there is none. */
function serialText(el: XmlElement): string | undefined {
  const serial = childElement(el, 'serial')
  return serial === undefined ? undefined : textContent(serial)
}

/** `interface #2`: how XML errors name a device (1-based, counted per kind). */
export function deviceXmlLabel(kind: DeviceKind, n: number): string {
  return `${kind} #${n + 1}`
}

type DeviceFields = { [K in keyof Device]?: Device[K] | undefined }

function kindFields(el: XmlElement, kind: DeviceKind, label: string): DeviceFields {
  const attr = (name: string) => getAttribute(el, name)
  const child = (name: string) => childElement(el, name)
  const num = (owner: XmlElement | undefined, name: string, key: LibvirtNumber) => readNumber(owner, name, label, key)
  switch (kind) {
    case 'disk': {
      const target = child('target')
      return {
        type: attr('type'),
        diskDevice: attr('device') ?? 'disk',
        dst: target && getAttribute(target, 'dev'),
        bus: target && getAttribute(target, 'bus'),
        model: attr('model'),
        emptyMedium: hasNoMedium(el) || undefined,
        readOnly: childElement(el, 'readonly') !== undefined || undefined,
        serial: serialText(el),
      }
    }
    case 'controller': {
      const target = child('target')
      const master = child('master')
      return {
        type: attr('type'),
        index: num(el, 'index', 'controller@index'),
        model: attr('model'),
        modelName: modelAttr(el, 'name'),
        ports: num(el, 'ports', 'controller@ports'),
        target: target && controllerTarget(target, label),
        masterStartport: num(master, 'startport', 'controller/master@startport'),
        // note: only an NVMe controller has a serial (QEMU's nvme device holds its disks' serial)
        serial: attr('type') === 'nvme' ? serialText(el) : undefined,
      }
    }
    case 'interface':
      return { type: attr('type'), model: modelAttr(el, 'type'), hostAddress: hostPciAddress(el) }
    case 'hostdev':
      // note: libvirt needs the type to know what the source names (virDomainHostdevDefParseXML)
      if (attr('type') === undefined)
        throw new Invalid(xmlError('invalid-value', `${label}: <hostdev> needs a type (pci, usb, scsi…)`, el.line, el.column))
      // note: hostIsPcie stays undefined: the XML has no hint for it, libvirt asks the host
      return { mode: attr('mode'), type: attr('type'), model: attr('model'), hostAddress: hostPciAddress(el) }
    case 'filesystem':
      return { type: attr('type'), driverType: child('driver') && getAttribute(child('driver')!, 'type'), model: attr('model') }
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel': {
      const target = child('target')
      return {
        type: attr('type'),
        targetType: target && getAttribute(target, 'type'),
        targetModel: target && modelAttr(target, 'name'),
        targetPort: num(target, 'port', 'chr/target@port'),
        targetName: target && getAttribute(target, 'name'),
      }
    }
    case 'input':
      return { type: attr('type'), bus: attr('bus'), model: attr('model') }
    case 'redirdev':
      return { bus: attr('bus'), type: attr('type') }
    case 'hub':
    case 'graphics':
    case 'audio':
      return { type: attr('type') }
    case 'smartcard':
      return { mode: attr('mode'), type: attr('type') }
    case 'video': {
      const model = child('model')
      return { model: model && getAttribute(model, 'type'), primary: model !== undefined && getAttribute(model, 'primary') === 'yes' }
    }
    case 'watchdog':
      return { model: attr('model'), type: attr('type'), action: attr('action') }
    case 'sound':
    case 'memballoon':
    case 'rng':
    case 'panic':
    case 'vsock':
    case 'crypto':
    case 'tpm':
    case 'nvram':
    case 'pstore':
      return { model: attr('model'), type: attr('type') }
    case 'iommu': {
      const driver = child('driver')
      return {
        model: attr('model'),
        type: attr('type'),
        intremap: driver && onOff(driver, 'intremap', label),
        eim: driver && onOff(driver, 'eim', label),
      }
    }
    case 'shmem':
      return { model: modelAttr(el, 'type') }
    case 'memory': {
      const model = attr('model')
      return { model, memorySlotted: model === 'dimm' || model === 'nvdimm' }
    }
    case 'lease':
    case 'redirfilter':
      return {}
    default:
      return exhaustive(kind)
  }
}

/** An on/off attribute (libvirt's tristate switch), undefined when absent; any other value is refused. */
function onOff(el: XmlElement, name: string, label: string): 'on' | 'off' | undefined {
  const text = getAttribute(el, name)
  if (text === undefined || text === 'on' || text === 'off') return text
  throw new Invalid(xmlError('invalid-value', `${label}: <${el.name} ${name}='${text}'> must be 'on' or 'off'`, el.line, el.column))
}

function controllerTarget(target: XmlElement, label: string): ControllerTarget {
  const num = (name: 'chassisNr' | 'chassis' | 'port' | 'busNr' | 'index' | 'memReserve') =>
    readNumber(target, name, label, `controller/target@${name}`)
  const hotplug = onOff(target, 'hotplug', label)
  const node = childElement(target, 'node')
  const t: { [K in keyof ControllerTarget]-?: ControllerTarget[K] | undefined } = {
    chassisNr: num('chassisNr'),
    chassis: num('chassis'),
    port: num('port'),
    busNr: num('busNr'),
    index: num('index'),
    hotplug,
    memReserve: num('memReserve'),
    node: node && readNumberText(node, label, 'controller/target/node'),
  }
  return defined(t)
}

/** `<source><address domain bus slot function>` of a passed-through PCI device, as `dddd:bb:ss.f`. */
function hostPciAddress(el: XmlElement): string | undefined {
  const source = childElement(el, 'source')
  const address = source && childElement(source, 'address')
  if (!address) return undefined
  const part = (name: string) => parseUnsigned(getAttribute(address, name) ?? '0') ?? 0
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
  if (getAttribute(address, 'bus') === undefined && getAttribute(address, 'slot') === undefined) return undefined
  return `${hex(part('domain'), 4)}:${hex(part('bus'), 2)}:${hex(part('slot'), 2)}.${part('function').toString(16)}`
}

/** An attribute of the `<model>` child. */
function modelAttr(el: XmlElement, name: string): string | undefined {
  const model = childElement(el, 'model')
  return model && getAttribute(model, name)
}

/**
 * An unsigned attribute, read in the base libvirt reads it in and refused past its C type's range
 * (`key` names it in `LIBVIRT_NUMBERS`); absent gives undefined, anything but a number is an error.
 */
export function readNumber(el: XmlElement | undefined, name: string, label: string, key: LibvirtNumber): number | undefined {
  const text = el && getAttribute(el, name)
  if (el === undefined || text === undefined) return undefined
  const syntax = LIBVIRT_NUMBERS[key]
  const n = parseUnsigned(text, syntax.base)
  if (n === undefined || n > syntax.max) {
    const why = n === undefined ? `must be ${describeNumber(syntax)}` : `must be <= ${syntax.max}`
    throw new Invalid(xmlError('invalid-value', `${label}: <${el.name} ${name}='${text}'> ${why}`, el.line, el.column))
  }
  return n
}

/** An element whose text is an unsigned number (`<node>1</node>`), read as `key` says. */
export function readNumberText(el: XmlElement, label: string, key: LibvirtNumber): number {
  const text = textContent(el).trim()
  const syntax = LIBVIRT_NUMBERS[key]
  const n = parseUnsigned(text, syntax.base)
  if (n === undefined || n > syntax.max) {
    const why = n === undefined ? `must be ${describeNumber(syntax)}` : `must be <= ${syntax.max}`
    throw new Invalid(xmlError('invalid-value', `${label}: <${el.name}>${text}</${el.name}> ${why}`, el.line, el.column))
  }
  return n
}

/** Runs a reader that may throw `Invalid`, as a Result. */
export function tryRead<T>(read: () => T): Result<T, XmlError> {
  try {
    return ok(read())
  } catch (e) {
    if (e instanceof Invalid) return err(e.error)
    throw e
  }
}

import type { Device, DeviceKind, DomainInput, Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { parseXml } from '../xml/parseXml.ts'
import { childElement, childElements, getAttribute, rootElement, textContent, type XmlElement } from '../xml/tree.ts'
import { type XmlError, xmlError } from '../xml/xmlError.ts'
import type { XmlParseOptions } from '../xml/xmlLimits.ts'
import { readDevaddrMetadata, type RecordedPolicy } from './devaddrMetadata.ts'
import { deviceElements } from './deviceElements.ts'
import type { DomainDocument } from './domainDocument.ts'
import { type DeviceShape, extractDevice, readNumber, readNumberText, tryRead } from './extractDevice.ts'

/**
 * Parses a libvirt domain XML into a lossless tree and the engine's `DomainInput`.
 *
 * Refuses documents over `options.maxBytes` (`too-large`; 10 MiB by default, as virsh), DOCTYPE/DTDs,
 * entity declarations and external references (`unsafe-xml`), malformed XML (`xml-syntax`, with
 * line and column), elements nested more than 256 deep (`too-deep`, libvirt's limit), an XML
 * declaration naming an encoding other than UTF-8 (`bad-encoding`), a root other than `<domain>`
 * (`not-a-domain`), and values libvirt refuses while parsing, such as `slot='0x20'` or a domain without `<os><type>`
 * (`invalid-value`, naming the device).
 * devaddr's own `<metadata>` element (see `DEVADDR_XML_NAMESPACE`) gives the devices' tunables
 * (`numaNode`, `placement`, `hotplug`) and the recorded policy.
 *
 * @param xml the document text (from raw bytes, see `decodeUtf8`)
 * @param options `maxBytes`: the largest document accepted, in UTF-8 bytes
 * @returns the document, ready for `expandDomain(doc.input)` and `writeExpansion`
 * @example
 * const r = parseDomainXml(xml)
 * if (r.ok) console.log(r.value.input.devices.length)
 * @see virDomainDefParseNode
 * @public
 */
export function parseDomainXml(xml: string, options: XmlParseOptions = {}): Result<DomainDocument, XmlError> {
  return readDomainXml(xml, options, 'plain')
}

/** `parseDomainXml`, its devices read into objects of `shape` (see DeviceShape). */
export function readDomainXml(xml: string, options: XmlParseOptions, shape: DeviceShape): Result<DomainDocument, XmlError> {
  const parsed = parseXml(xml, options)
  if (!parsed.ok) return parsed
  const tree = parsed.value
  const root = rootElement(tree)
  if (root?.name !== 'domain') {
    return err(xmlError('not-a-domain', `the root element is <${root?.name ?? ''}>, expected <domain>`, root?.line, root?.column))
  }
  const elements = deviceElements(tree)
  const input = extractDomainInput(root, elements, shape)
  if (!input.ok) return input
  const recorded = readDevaddrMetadata(root, elements, input.value.devices)
  if (!recorded.ok) return recorded
  const doc: { tree: typeof tree; input: DomainInput; policy?: RecordedPolicy } = { tree, input: input.value }
  if (recorded.value !== undefined) doc.policy = recorded.value
  return ok(doc)
}

function extractDomainInput(root: XmlElement, elements: readonly XmlElement[], shape: DeviceShape): Result<DomainInput, XmlError> {
  const devices: Device[] = []
  const counts = new Map<DeviceKind, number>()
  for (const [sourceIndex, el] of elements.entries()) {
    const kind = el.name as DeviceKind
    const n = counts.get(kind) ?? 0
    counts.set(kind, n + 1)
    const device = extractDevice(el, kind, { n, sourceIndex }, shape)
    if (!device.ok) return device
    devices.push(device.value)
  }

  const osType = childElement(root, 'os') && childElement(childElement(root, 'os')!, 'type')
  // note: libvirt reads the OS type before anything else and refuses a domain without one
  if (osType === undefined || textContent(osType).trim() === '') {
    const at = osType ?? childElement(root, 'os') ?? root
    return err(
      xmlError(
        'invalid-value',
        "an <os><type> must be specified (e.g. <os><type arch='x86_64' machine='q35'>hvm</type></os>)",
        at.line,
        at.column,
      ),
    )
  }
  const input: DomainInput = {
    arch: (osType && getAttribute(osType, 'arch')) ?? 'x86_64',
    machine: (osType && getAttribute(osType, 'machine')) ?? '',
    devices,
  }
  const domainType = getAttribute(root, 'type')
  if (domainType !== undefined) input.domainType = domainType

  const vcpu = childElement(root, 'vcpu')
  if (vcpu !== undefined) {
    const n = tryRead(() => readNumberText(vcpu, 'vcpu', 'vcpu'))
    if (!n.ok) return n
    input.vcpus = n.value
  }
  const numa = childElement(root, 'cpu') && childElement(childElement(root, 'cpu')!, 'numa')
  if (numa !== undefined) input.numaNodes = childElements(numa).filter((c) => c.name === 'cell').length
  const memory = childElement(root, 'memory')
  if (memory !== undefined) {
    const size = tryRead(() => readNumberText(memory, 'memory', 'memory'))
    if (!size.ok) return size
    const mib = toMiB(size.value, getAttribute(memory, 'unit') ?? 'KiB')
    if (mib !== undefined) input.memoryMiB = mib
  }
  const maxMemory = childElement(root, 'maxMemory')
  if (maxMemory !== undefined) {
    const slots = tryRead(() => readNumber(maxMemory, 'slots', 'maxMemory', 'maxMemory@slots'))
    if (!slots.ok) return slots
    if (slots.value !== undefined) input.memorySlots = slots.value
  }
  const features = childElement(root, 'features')
  if (features !== undefined) {
    input.features = childElements(features).map((f) => f.name)
    const ioapic = childElement(features, 'ioapic')
    const driver = ioapic && getAttribute(ioapic, 'driver')
    if (driver !== undefined) input.ioapic = driver
  }
  const firmware = readFirmware(root)
  if (firmware !== undefined) input.firmware = firmware
  const osBoot = readOsBoot(root)
  if (!osBoot.ok) return osBoot
  if (osBoot.value) input.osBoot = true
  if (allMemoryShared(root, numa)) input.sharedMemory = true
  return ok(input)
}

/** libvirt's boot device names; it reads the first four `<os><boot>` elements only. @see virDomainDefParseBootXML */
const BOOT_DEVICES: readonly string[] = ['fd', 'cdrom', 'hd', 'network']

/** Does `<os>` name boot devices (`<boot dev='hd'/>`)? Refuses a `dev` libvirt does not know. */
function readOsBoot(root: XmlElement): Result<boolean, XmlError> {
  const os = childElement(root, 'os')
  const boots = os === undefined ? [] : childElements(os).filter((c) => c.name === 'boot')
  for (const boot of boots.slice(0, BOOT_DEVICES.length)) {
    const dev = getAttribute(boot, 'dev')
    if (dev === undefined || !BOOT_DEVICES.includes(dev))
      return err(
        xmlError('invalid-value', `<os><boot dev='${dev ?? ''}'>: dev must be one of ${BOOT_DEVICES.join(', ')}`, boot.line, boot.column),
      )
  }
  return ok(boots.length > 0)
}

/** `<os firmware>`, or `efi` for the older way of booting UEFI: a pflash `<loader>`. @see virDomainDefHasOldStyleUEFI */
function readFirmware(root: XmlElement): DomainInput['firmware'] {
  const os = childElement(root, 'os')
  if (os === undefined) return undefined
  const firmware = getAttribute(os, 'firmware')
  if (firmware === 'efi' || firmware === 'bios') return firmware
  const loader = childElement(os, 'loader')
  return loader !== undefined && getAttribute(loader, 'type') === 'pflash' ? 'efi' : undefined
}

/**
 * Is every guest RAM region shared: without NUMA cells, `<memoryBacking><access mode='shared'>`;
 * with them, each cell's `memAccess` (shared) or, where a cell has none, the domain's.
 * @see qemuValidateDomainDefVhostUserRequireSharedMemory
 */
function allMemoryShared(root: XmlElement, numa: XmlElement | undefined): boolean {
  const backing = childElement(root, 'memoryBacking')
  const access = backing && childElement(backing, 'access')
  const domainShared = access !== undefined && getAttribute(access, 'mode') === 'shared'
  const cells = numa === undefined ? [] : childElements(numa).filter((c) => c.name === 'cell')
  if (cells.length === 0) return domainShared
  return cells.every((c) => {
    const cellAccess = getAttribute(c, 'memAccess')
    return cellAccess === 'shared' || (cellAccess === undefined && domainShared)
  })
}

/** libvirt's memory units (`b`, `KiB`/`k`, `MiB`/`M`, `GiB`, `TiB`, decimal `KB`/`MB`…) to whole MiB. */
function toMiB(n: number, unit: string): number | undefined {
  const binary: Record<string, number> = {
    b: 1,
    bytes: 1,
    k: 2 ** 10,
    kib: 2 ** 10,
    m: 2 ** 20,
    mib: 2 ** 20,
    g: 2 ** 30,
    gib: 2 ** 30,
    t: 2 ** 40,
    tib: 2 ** 40,
  }
  const decimal: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 }
  const factor = binary[unit.toLowerCase()] ?? decimal[unit.toLowerCase()]
  return factor === undefined ? undefined : Math.floor((n * factor) / 2 ** 20)
}

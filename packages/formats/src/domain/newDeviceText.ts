import type { Address, ControllerTarget, Device } from 'devaddr'

import { exhaustive } from '../result.ts'
import { escapeAttribute, escapeText } from '../xml/escape.ts'
import { type AttributeList, formatAddress } from './formatAddress.ts'
import { hex, pciNumber } from './parseNumber.ts'

/** ` name='value'`, escaped; nothing for an undefined value. */
function attr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}='${escapeAttribute(value)}'`
}

/** The same for a number, written in decimal. */
const num = (name: string, value: number | undefined): string => (value === undefined ? '' : ` ${name}='${value}'`)

/**
 * The XML of a device the engine added (a default or implicit device, or an auto-added
 * controller): what the `Device` knows, in libvirt's order of attributes and children, one child
 * per line indented one `unit` deeper than `indent`, single-quoted attributes, and the closing tag
 * on its own line (or `/>` when there is no child).
 *
 * note: written as text rather than built as elements and serialised, because a q35 expansion
 * adds about one controller per device and building their elements was a third of the writer's
 * time. Elements the input already had keep what devaddr does not own: written by
 * `addressedDeviceText` when only a plain address changes, else edited as trees
 * (writeController, writeAddress).
 *
 * @param indent indentation of the element's start tag
 * @see virDomainControllerDefFormat
 * @see virDomainDeviceInfoFormat
 */
export function newDeviceText(d: Device, indent: string, unit: string): string {
  // note: attributes as text, written as they come: no list of pairs per element
  const inner = indent + unit
  let children = ''
  const child = (name: string, attributes: string): void => {
    children += `\n${inner}<${name}${attributes}/>`
  }
  switch (d.kind) {
    case 'controller':
      if (d.modelName !== undefined) child('model', attr('name', d.modelName))
      children += targetText(d.target, inner, unit)
      if (d.masterStartport !== undefined) child('master', num('startport', d.masterStartport))
      // note: an NVMe controller libvirt adds carries its disks' serial
      if (d.serial !== undefined) children += `\n${inner}<serial>${escapeText(d.serial)}</serial>`
      break
    case 'disk':
      child('target', attr('dev', d.dst) + attr('bus', d.bus))
      break
    case 'interface':
    case 'shmem':
      if (d.model !== undefined) child('model', attr('type', d.model))
      break
    case 'video':
      child('model', attr('type', d.model) + attr('primary', d.primary === true ? 'yes' : undefined))
      break
    case 'filesystem':
      if (d.driverType !== undefined) child('driver', attr('type', d.driverType))
      break
    case 'iommu':
      // note: the IOMMU libvirt adds for more than 255 vCPUs, as libvirt writes it
      if (d.intremap !== undefined || d.eim !== undefined) child('driver', attr('intremap', d.intremap) + attr('eim', d.eim))
      break
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel': {
      const target = attr('type', d.targetType) + attr('name', d.targetName) + num('port', d.targetPort)
      if (target !== '') {
        const model = d.targetModel === undefined ? '' : `\n${inner}${unit}<model${attr('name', d.targetModel)}/>`
        children += `\n${inner}<target${target}${model === '' ? '/>' : `>${model}\n${inner}</target>`}`
      }
      break
    }
    default:
      break
  }
  // note: libvirt writes <boot> after the device's own children, before <address>
  if (d.bootOrder !== undefined) child('boot', num('order', d.bootOrder))
  if (d.address !== undefined) children += `\n${inner}${addressText(d.address, inner, unit)}`
  const start = `<${d.kind}${ownAttributes(d)}`
  return children === '' ? `${start}/>` : `${start}>${children}\n${indent}</${d.kind}>`
}

/** An `<address>` element as libvirt writes it, its `<zpci>` child (if any) on a line of its own. */
export function addressText(address: Address, indent: string, unit: string): string {
  if (address.type === 'pci' && address.zpci === undefined) {
    // note: PCI addresses are most of what is written: straight to text, without formatAddress's
    // list of pairs (the same text: both take the numbers from pciNumber)
    const multifunction = address.multifunction === undefined ? '' : ` multifunction='${address.multifunction}'`
    return `<address type='pci' domain='${pciNumber(address.domain, 4)}' bus='${pciNumber(address.bus, 2)}' slot='${pciNumber(address.slot, 2)}' function='${pciNumber(address.function, 1)}'${multifunction}/>`
  }
  const formatted = formatAddress(address)
  if (formatted.zpci === undefined) return emptyElement('address', formatted.attributes)
  return `${startTag('address', formatted.attributes)}>\n${indent}${unit}${emptyElement('zpci', formatted.zpci)}\n${indent}</address>`
}

/** A controller's `<target>` line (and its `<node>` child), or nothing when it has none. */
function targetText(target: ControllerTarget | undefined, indent: string, unit: string): string {
  if (target === undefined) return ''
  // note: libvirt's order; only the chassis port is hexadecimal
  const attributes =
    num('chassisNr', target.chassisNr) +
    num('chassis', target.chassis) +
    attr('port', target.port === undefined ? undefined : hex(target.port)) +
    num('busNr', target.busNr) +
    num('index', target.index) +
    attr('hotplug', target.hotplug) +
    num('memReserve', target.memReserve)
  if (target.node !== undefined) return `\n${indent}<target${attributes}>\n${indent}${unit}<node>${target.node}</node>\n${indent}</target>`
  return attributes === '' ? '' : `\n${indent}<target${attributes}/>`
}

function startTag(name: string, attributes: AttributeList): string {
  let out = `<${name}`
  for (const [n, v] of attributes) out += attr(n, v)
  return out
}

function emptyElement(name: string, attributes: AttributeList): string {
  return `${startTag(name, attributes)}/>`
}

/** The element's own attributes, as libvirt orders them for each kind. */
function ownAttributes(d: Device): string {
  switch (d.kind) {
    case 'controller':
      return attr('type', d.type) + num('index', d.index) + attr('model', d.model)
    case 'disk':
      return attr('type', d.type) + attr('device', d.diskDevice) + attr('model', d.model)
    case 'hostdev':
      return attr('mode', d.mode) + attr('type', d.type) + attr('model', d.model)
    case 'smartcard':
      return attr('mode', d.mode)
    case 'input':
      return attr('type', d.type) + attr('bus', d.bus) + attr('model', d.model)
    case 'redirdev':
      return attr('bus', d.bus) + attr('type', d.type)
    case 'filesystem':
      return attr('type', d.type) + attr('model', d.model)
    case 'interface':
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel':
    case 'hub':
    case 'graphics':
    case 'audio':
      return attr('type', d.type)
    case 'watchdog':
      // note: an added itco carries the first watchdog's action; libvirt refuses watchdogs that differ
      return attr('model', d.model) + attr('type', d.type) + attr('action', d.action)
    case 'sound':
    case 'memballoon':
    case 'rng':
    case 'iommu':
    case 'panic':
    case 'vsock':
    case 'crypto':
    case 'tpm':
    case 'nvram':
    case 'pstore':
    case 'memory':
      return attr('model', d.model) + attr('type', d.type)
    case 'video':
    case 'shmem':
    case 'lease':
    case 'redirfilter':
      return ''
    default:
      return exhaustive(d.kind)
  }
}

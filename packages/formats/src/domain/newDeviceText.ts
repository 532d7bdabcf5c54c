import type { Address, ControllerTarget, Device } from 'devaddr'

import { exhaustive } from '../result.ts'
import { escapeAttribute } from '../xml/escape.ts'
import { formatAddress } from './formatAddress.ts'
import { hex, hexPadded } from './parseNumber.ts'

type Attrs = ReadonlyArray<readonly [string, string | undefined]>

/**
 * The XML of a device the engine added (a default or implicit device, or an auto-added
 * controller): what the `Device` knows, in libvirt's order of attributes and children, one child
 * per line indented one `unit` deeper than `indent`, single-quoted attributes, and the closing tag
 * on its own line (or `/>` when there is no child).
 *
 * note: written as text rather than built as elements and serialised, because a q35 expansion
 * adds about one controller per device and building their elements was a third of the writer's
 * time; elements the input already had are edited as trees (writeController, writeAddress),
 * which keeps what devaddr does not own.
 *
 * @param indent indentation of the element's start tag
 * @see virDomainControllerDefFormat
 * @see virDomainDeviceInfoFormat
 */
export function newDeviceText(d: Device, indent: string, unit: string): string {
  const inner = indent + unit
  let children = ''
  const child = (name: string, attrs: Attrs): void => {
    children += `\n${inner}${emptyElement(name, attrs)}`
  }
  switch (d.kind) {
    case 'controller':
      if (d.modelName !== undefined) child('model', [['name', d.modelName]])
      children += targetText(d.target, inner, unit)
      if (d.masterStartport !== undefined) child('master', [['startport', String(d.masterStartport)]])
      break
    case 'disk':
      child('target', [
        ['dev', d.dst],
        ['bus', d.bus],
      ])
      break
    case 'interface':
    case 'shmem':
      if (d.model !== undefined) child('model', [['type', d.model]])
      break
    case 'video':
      child('model', [
        ['type', d.model],
        ['primary', d.primary === true ? 'yes' : undefined],
      ])
      break
    case 'filesystem':
      if (d.driverType !== undefined) child('driver', [['type', d.driverType]])
      break
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel': {
      const target: Attrs = [
        ['type', d.targetType],
        ['name', d.targetName],
        ['port', d.targetPort === undefined ? undefined : String(d.targetPort)],
      ]
      if (target.some(([, v]) => v !== undefined)) {
        const model = d.targetModel === undefined ? '' : `\n${inner}${unit}${emptyElement('model', [['name', d.targetModel]])}`
        children += `\n${inner}${model === '' ? emptyElement('target', target) : `${startTag('target', target)}>${model}\n${inner}</target>`}`
      }
      break
    }
    default:
      break
  }
  // note: libvirt writes <boot> after the device's own children, before <address>
  if (d.bootOrder !== undefined) child('boot', [['order', String(d.bootOrder)]])
  if (d.address !== undefined) children += `\n${inner}${addressText(d.address, inner, unit)}`
  const start = startTag(d.kind, ownAttributes(d))
  return children === '' ? `${start}/>` : `${start}>${children}\n${indent}</${d.kind}>`
}

/** An `<address>` element as libvirt writes it, its `<zpci>` child (if any) on a line of its own. */
export function addressText(address: Address, indent: string, unit: string): string {
  if (address.type === 'pci' && address.zpci === undefined) {
    // note: PCI addresses are most of what is written: the numbers come from tables, not
    // formatted one by one (formatAddress gives the same text)
    const multifunction = address.multifunction === undefined ? '' : ` multifunction='${address.multifunction}'`
    return `<address type='pci' domain='${pciNumber(address.domain, 4)}' bus='${pciNumber(address.bus, 2)}' slot='${pciNumber(address.slot, 2)}' function='${pciNumber(address.function, 1)}'${multifunction}/>`
  }
  const formatted = formatAddress(address)
  if (formatted.zpci === undefined) return emptyElement('address', formatted.attributes)
  return `${startTag('address', formatted.attributes)}>\n${indent}${unit}${emptyElement('zpci', formatted.zpci)}\n${indent}</address>`
}

/** `0x%0Nx` of the numbers PCI addresses hold, from a table for the usual ones. */
function pciNumber(n: number, width: 1 | 2 | 4): string {
  if (width === 4) return n === 0 ? '0x0000' : hexPadded(n, 4)
  return n < 256 ? (width === 2 ? HEX2 : HEX1)[n]! : hexPadded(n, width)
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, n) => hexPadded(n, 2))
const HEX1: readonly string[] = Array.from({ length: 256 }, (_, n) => hexPadded(n, 1))

/** A controller's `<target>` line (and its `<node>` child), or nothing when it has none. */
function targetText(target: ControllerTarget | undefined, indent: string, unit: string): string {
  if (target === undefined) return ''
  const dec = (n: number | undefined) => (n === undefined ? undefined : String(n))
  // note: libvirt's order; only the chassis port is hexadecimal
  const attrs: Attrs = [
    ['chassisNr', dec(target.chassisNr)],
    ['chassis', dec(target.chassis)],
    ['port', target.port === undefined ? undefined : hex(target.port)],
    ['busNr', dec(target.busNr)],
    ['index', dec(target.index)],
    ['hotplug', target.hotplug],
    ['memReserve', dec(target.memReserve)],
  ]
  if (target.node !== undefined) {
    return `\n${indent}${startTag('target', attrs)}>\n${indent}${unit}<node>${target.node}</node>\n${indent}</target>`
  }
  return attrs.some(([, v]) => v !== undefined) ? `\n${indent}${emptyElement('target', attrs)}` : ''
}

function startTag(name: string, attrs: Attrs): string {
  let out = `<${name}`
  for (const [n, v] of attrs) if (v !== undefined) out += ` ${n}='${escapeAttribute(v)}'`
  return out
}

function emptyElement(name: string, attrs: Attrs): string {
  return `${startTag(name, attrs)}/>`
}

/** The element's own attributes, as libvirt orders them for each kind. */
function ownAttributes(d: Device): Attrs {
  switch (d.kind) {
    case 'controller':
      return [
        ['type', d.type],
        ['index', d.index === undefined ? undefined : String(d.index)],
        ['model', d.model],
      ]
    case 'disk':
      return [
        ['type', d.type],
        ['device', d.diskDevice],
        ['model', d.model],
      ]
    case 'hostdev':
      return [
        ['mode', d.mode],
        ['type', d.type],
        ['model', d.model],
      ]
    case 'smartcard':
      return [['mode', d.mode]]
    case 'input':
      return [
        ['type', d.type],
        ['bus', d.bus],
        ['model', d.model],
      ]
    case 'redirdev':
      return [
        ['bus', d.bus],
        ['type', d.type],
      ]
    case 'filesystem':
      return [
        ['type', d.type],
        ['model', d.model],
      ]
    case 'interface':
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel':
    case 'hub':
    case 'graphics':
    case 'audio':
      return [['type', d.type]]
    case 'sound':
    case 'watchdog':
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
      return [
        ['model', d.model],
        ['type', d.type],
      ]
    case 'video':
    case 'shmem':
    case 'lease':
    case 'redirfilter':
      return []
    default:
      return exhaustive(d.kind)
  }
}

import type { Address } from 'devaddr'

import { exhaustive } from '../result.ts'
import { hex, hexPadded } from './parseNumber.ts'

/** An attribute list in writing order. */
export type AttributeList = Array<readonly [name: string, value: string]>

/** An address as libvirt writes it: the `<address>` attributes, and the `<zpci>` child's when there is one. */
export interface FormattedAddress {
  attributes: AttributeList
  zpci?: AttributeList
}

/**
 * Every attribute name some address type uses. On rewrite these are owned by the address
 * (dropped when the new type has no such field); any other attribute is kept.
 */
export const ADDRESS_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'type',
  'domain',
  'bus',
  'slot',
  'function',
  'multifunction',
  'controller',
  'target',
  'unit',
  'port',
  'reg',
  'cssid',
  'ssid',
  'devno',
  'base',
  'iobase',
  'irq',
])

/**
 * Formats an address exactly as libvirt prints it: `type` first, then the fields in libvirt's
 * order, PCI numbers as `0x%04x`/`0x%02x`/`0x%x`, drive numbers in decimal and so on.
 *
 * @example
 * formatAddress({ type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 }).attributes
 * // [['type','pci'],['domain','0x0000'],['bus','0x01'],['slot','0x00'],['function','0x0']]
 * @see virDomainDeviceInfoFormat
 */
export function formatAddress(a: Address): FormattedAddress {
  const attributes: AttributeList = [['type', a.type]]
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) attributes.push([name, value])
  }
  const dec = (n: number | undefined) => (n === undefined ? undefined : String(n))
  const hx = (n: number | undefined) => (n === undefined ? undefined : hex(n))
  switch (a.type) {
    case 'pci': {
      add('domain', hexPadded(a.domain, 4))
      add('bus', hexPadded(a.bus, 2))
      add('slot', hexPadded(a.slot, 2))
      add('function', hex(a.function))
      add('multifunction', a.multifunction)
      if (a.zpci === undefined) return { attributes }
      const zpci: AttributeList = []
      if (a.zpci.uid !== undefined) zpci.push(['uid', hexPadded(a.zpci.uid, 4)])
      if (a.zpci.fid !== undefined) zpci.push(['fid', hexPadded(a.zpci.fid, 8)])
      return { attributes, zpci }
    }
    case 'drive':
      add('controller', dec(a.controller))
      add('bus', dec(a.bus))
      add('target', dec(a.target))
      add('unit', dec(a.unit))
      break
    case 'virtio-serial':
      add('controller', dec(a.controller))
      add('bus', dec(a.bus))
      add('port', dec(a.port))
      break
    case 'ccid':
      add('controller', dec(a.controller))
      add('slot', dec(a.slot))
      break
    case 'usb':
      add('bus', dec(a.bus))
      add('port', a.port)
      break
    case 'spapr-vio':
      add('reg', a.reg === undefined ? undefined : hexPadded(a.reg, 8))
      break
    case 'ccw':
      add('cssid', hx(a.cssid))
      add('ssid', hx(a.ssid))
      add('devno', a.devno === undefined ? undefined : hexPadded(a.devno, 4))
      break
    case 'dimm':
      add('slot', dec(a.slot))
      add('base', hx(a.base))
      break
    case 'isa':
      add('iobase', hx(a.iobase))
      add('irq', hx(a.irq))
      break
    case 'virtio-mmio':
    case 'unassigned':
      break
    default:
      return exhaustive(a)
  }
  return { attributes }
}

import type { Address } from 'devaddr'

import { exhaustive } from '../result.ts'
import { hex, hexPadded, pciNumber } from './parseNumber.ts'

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
  // note: no closures nor intermediate lists: this runs for every device written
  const attributes: AttributeList = [['type', a.type]]
  switch (a.type) {
    case 'pci': {
      attributes.push(
        ['domain', pciNumber(a.domain, 4)],
        ['bus', pciNumber(a.bus, 2)],
        ['slot', pciNumber(a.slot, 2)],
        ['function', pciNumber(a.function, 1)],
      )
      if (a.multifunction !== undefined) attributes.push(['multifunction', a.multifunction])
      if (a.zpci === undefined) return { attributes }
      const zpci: AttributeList = []
      if (a.zpci.uid !== undefined) zpci.push(['uid', hexPadded(a.zpci.uid, 4)])
      if (a.zpci.fid !== undefined) zpci.push(['fid', hexPadded(a.zpci.fid, 8)])
      return { attributes, zpci }
    }
    case 'drive':
      decimal(attributes, 'controller', a.controller)
      decimal(attributes, 'bus', a.bus)
      decimal(attributes, 'target', a.target)
      decimal(attributes, 'unit', a.unit)
      break
    case 'virtio-serial':
      decimal(attributes, 'controller', a.controller)
      decimal(attributes, 'bus', a.bus)
      decimal(attributes, 'port', a.port)
      break
    case 'ccid':
      decimal(attributes, 'controller', a.controller)
      decimal(attributes, 'slot', a.slot)
      break
    case 'usb':
      decimal(attributes, 'bus', a.bus)
      if (a.port !== undefined) attributes.push(['port', a.port])
      break
    case 'spapr-vio':
      if (a.reg !== undefined) attributes.push(['reg', hexPadded(a.reg, 8)])
      break
    case 'ccw':
      hexadecimal(attributes, 'cssid', a.cssid)
      hexadecimal(attributes, 'ssid', a.ssid)
      if (a.devno !== undefined) attributes.push(['devno', hexPadded(a.devno, 4)])
      break
    case 'dimm':
      decimal(attributes, 'slot', a.slot)
      hexadecimal(attributes, 'base', a.base)
      break
    case 'isa':
      hexadecimal(attributes, 'iobase', a.iobase)
      hexadecimal(attributes, 'irq', a.irq)
      break
    case 'virtio-mmio':
    case 'unassigned':
      break
    default:
      return exhaustive(a)
  }
  return { attributes }
}

function decimal(attributes: AttributeList, name: string, n: number | undefined): void {
  if (n !== undefined) attributes.push([name, String(n)])
}

function hexadecimal(attributes: AttributeList, name: string, n: number | undefined): void {
  if (n !== undefined) attributes.push([name, hex(n)])
}

import type { Address, PciAddress, Result } from 'devaddr'

import { defined } from '../defined.ts'
import { err, ok } from '../result.ts'
import { childElement, getAttribute, type XmlElement } from '../xml/tree.ts'
import { type XmlError, xmlError } from '../xml/xmlError.ts'
import { describeNumber, hex, hexPadded, LIBVIRT_NUMBERS, type NumberSyntax, parseUnsigned } from './parseNumber.ts'

/** libvirt's VIR_DOMAIN_DEVICE_USB_MAX_PORT_DEPTH */
const USB_MAX_PORT_DEPTH = 4

/** A failed check: the message, before the device label is put in front. */
class Invalid {
  constructor(readonly message: string) {}
}

/**
 * Reads a device's `<address>` element into the engine's `Address` union, checking what libvirt
 * checks while parsing (numbers, PCI ranges, zPCI uid, USB port depth, CCW all-or-none).
 * Missing numbers are 0, except the optional ones (USB port, CCW, spapr-vio reg, DIMM base, ISA,
 * zPCI) which stay undefined; a DIMM address needs its slot. A PCI address with no attributes, or all zeros, means "not chosen yet".
 *
 * @param label names the device in messages, e.g. `interface #2`
 * @see virDomainDeviceAddressParseXML
 */
export function parseAddress(el: XmlElement, label: string): Result<Address, XmlError> {
  try {
    return ok(readAddress(el))
  } catch (e) {
    if (e instanceof Invalid) return err(xmlError('invalid-value', `${label}: ${e.message}`, el.line, el.column))
    throw e
  }
}

function readAddress(el: XmlElement): Address {
  const type = getAttribute(el, 'type')
  const syntaxes = type === undefined ? undefined : ADDRESS_NUMBERS.get(type)
  const num = (name: string, what: string, max?: number): number | undefined => readNumber(el, syntaxes, name, what, max)
  switch (type) {
    case 'pci':
      return readPci(el, num)
    case 'drive':
      return {
        type,
        controller: num('controller', 'drive') ?? 0,
        bus: num('bus', 'drive') ?? 0,
        target: num('target', 'drive') ?? 0,
        unit: num('unit', 'drive') ?? 0,
      }
    case 'virtio-serial':
      return {
        type,
        controller: num('controller', 'virtio-serial') ?? 0,
        bus: num('bus', 'virtio-serial') ?? 0,
        port: num('port', 'virtio-serial') ?? 0,
      }
    case 'ccid':
      return { type, controller: num('controller', 'ccid') ?? 0, slot: num('slot', 'ccid') ?? 0 }
    case 'usb': {
      const port = getAttribute(el, 'port')
      if (port !== undefined && !isUsbPort(port)) {
        throw new Invalid(`USB address port='${port}' must be a dotted path of 1 to ${USB_MAX_PORT_DEPTH} port numbers`)
      }
      return port === undefined ? { type, bus: num('bus', 'USB') ?? 0 } : { type, bus: num('bus', 'USB') ?? 0, port }
    }
    case 'spapr-vio':
      // note: reg is 64 bits wide in libvirt; the 32-bit limit is checked later, as libvirt does
      return defined({ type, reg: num('reg', 'spapr-vio') })
    case 'ccw': {
      const a = defined({ type, cssid: num('cssid', 'CCW', 0xfe), ssid: num('ssid', 'CCW', 3), devno: num('devno', 'CCW', 0xffff) })
      const given = [a.cssid, a.ssid, a.devno].filter((v) => v !== undefined).length
      if (given !== 0 && given !== 3) throw new Invalid('CCW address needs all of cssid, ssid and devno, or none of them')
      return a
    }
    case 'dimm':
      // note: libvirt's parser requires the slot (seen live on 9.0, 11.3 and 12.8); a base alone is refused
      if (getAttribute(el, 'slot') === undefined) throw new Invalid("a DIMM address needs a slot (slot='N')")
      return defined({ type, slot: num('slot', 'DIMM'), base: num('base', 'DIMM') })
    case 'isa':
      return defined({ type, iobase: num('iobase', 'ISA'), irq: num('irq', 'ISA') })
    case 'virtio-mmio':
    case 'unassigned':
      return { type }
    case undefined:
      throw new Invalid('<address> has no type')
    default:
      throw new Invalid(`unknown address type '${type}'`)
  }
}

type NumberReader = (name: string, what: string, max?: number) => number | undefined

/** The number syntaxes of each address type's attributes, from LIBVIRT_NUMBERS' `address[type]@name` keys. */
const ADDRESS_NUMBERS: ReadonlyMap<string, ReadonlyMap<string, NumberSyntax>> = (() => {
  const byType = new Map<string, Map<string, NumberSyntax>>()
  for (const [key, syntax] of Object.entries(LIBVIRT_NUMBERS)) {
    const m = /^address\[([^\]]+)\]@(.+)$/.exec(key)
    if (m === null) continue
    const names = byType.get(m[1]!) ?? new Map<string, NumberSyntax>()
    names.set(m[2]!, syntax)
    byType.set(m[1]!, names)
  }
  return byType
})()

// note: the syntax comes from a map of the address type's names, not from LIBVIRT_NUMBERS by a
// key built per attribute: building and hashing that key was most of reading an address
function readNumber(
  el: XmlElement,
  syntaxes: ReadonlyMap<string, NumberSyntax> | undefined,
  name: string,
  what: string,
  max?: number,
): number | undefined {
  const text = getAttribute(el, name)
  if (text === undefined) return undefined
  const syntax = syntaxes?.get(name)
  if (syntax === undefined) throw new Error(`no number syntax for ${what} address ${name}`)
  const n = parseUnsigned(text, syntax.base)
  if (n === undefined) throw new Invalid(`${what} address ${name}='${text}' is not ${describeNumber(syntax)}`)
  const limit = Math.min(max ?? syntax.max, syntax.max)
  if (n > limit) throw new Invalid(`${what} address ${name}='${text}' must be <= ${formatMax(limit)}`)
  return n
}

function readPci(el: XmlElement, num: NumberReader): PciAddress {
  const a: PciAddress = {
    type: 'pci',
    domain: num('domain', 'PCI', 0xffff) ?? 0,
    bus: num('bus', 'PCI', 0xff) ?? 0,
    slot: num('slot', 'PCI', 0x1f) ?? 0,
    function: num('function', 'PCI', 7) ?? 0,
  }
  const multifunction = getAttribute(el, 'multifunction')
  if (multifunction === 'on' || multifunction === 'off') a.multifunction = multifunction
  else if (multifunction !== undefined) throw new Invalid(`PCI address multifunction='${multifunction}' must be 'on' or 'off'`)
  const zpci = childElement(el, 'zpci')
  if (zpci !== undefined) a.zpci = readZpci(zpci)
  return a
}

function readZpci(el: XmlElement): NonNullable<PciAddress['zpci']> {
  const read = (name: 'uid' | 'fid', max: number): number | undefined => {
    const text = getAttribute(el, name)
    if (text === undefined) return undefined
    const n = parseUnsigned(text, LIBVIRT_NUMBERS[`zpci@${name}`].base)
    if (n === undefined) throw new Invalid(`zPCI ${name}='${text}' is not a non-negative integer`)
    if (n > max) throw new Invalid(`zPCI ${name}='${text}' must be <= ${formatMax(max)}`)
    return n
  }
  const uid = read('uid', 0xffff)
  // note: libvirt reserves uid 0 to mean "assign one"; written explicitly it is an error
  if (uid === 0) throw new Invalid(`PCI address uid='${hexPadded(0, 4)}' must be > 0x0000 and <= 0xffff`)
  return defined({ uid, fid: read('fid', LIBVIRT_NUMBERS['zpci@fid'].max) })
}

function isUsbPort(port: string): boolean {
  const parts = port.split('.')
  const { base, max } = LIBVIRT_NUMBERS['address[usb]@port']
  return parts.length <= USB_MAX_PORT_DEPTH && parts.every((p) => (parseUnsigned(p, base) ?? max + 1) <= max)
}

/** 0x1F, 0xFF, 7: the forms libvirt's messages use. */
function formatMax(max: number): string {
  return max < 10 ? String(max) : hex(max).toUpperCase().replace('0X', '0x')
}

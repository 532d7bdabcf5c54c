/**
 * The base libvirt reads a number in: `0` is C `strtoul`'s own choice (`0x` hexadecimal, a leading
 * `0` octal, else decimal), `10` decimal only (`010` is ten, `0x3` is refused), `16` hexadecimal
 * with or without `0x`.
 */
export type NumberBase = 0 | 10 | 16

/**
 * Reads an unsigned integer the way libvirt's `virStrToLong_uip(text, NULL, base, …)` does.
 * Signs, blanks and trailing text are refused, as libvirt's `virXMLPropUInt` refuses them.
 *
 * @param base the attribute's base in libvirt (see `LIBVIRT_NUMBERS`); default 0, strtoul's choice
 * @returns the number, or undefined when the text is not an unsigned integer in that base
 * @see virStrToLong_uip
 */
export function parseUnsigned(text: string, base: NumberBase = 0): number | undefined {
  // note: a scan of the character codes rather than regular expressions and parseInt: every
  // address attribute of every device is read through here
  const length = text.length
  let i = 0
  let radix: 8 | 10 | 16 = 10
  const prefixed = length > 2 && text.charCodeAt(0) === 0x30 && (text.charCodeAt(1) | 0x20) === 0x78 /* 0x, 0X */
  if (base === 16) {
    radix = 16
    if (prefixed) i = 2
  } else if (base === 0) {
    if (prefixed) {
      radix = 16
      i = 2
    } else if (text.charCodeAt(0) === 0x30) radix = 8
  }
  if (i >= length) return undefined
  let n = 0
  for (; i < length; i++) {
    const digit = digitValue(text.charCodeAt(i))
    if (digit >= radix) return undefined
    n = n * radix + digit
  }
  return Number.isSafeInteger(n) ? n : undefined
}

/** The value of a hexadecimal digit's character code, or 99 for any other character. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : 99
}

const UINT_MAX = 0xffffffff
const INT_MAX = 0x7fffffff
const ULLONG_SAFE_MAX = Number.MAX_SAFE_INTEGER

/** How libvirt reads one numeric attribute or text: base, the largest value its C type holds, and where. */
export interface NumberSyntax {
  base: NumberBase
  /** the largest value the parser's C type takes (`int`: 2^31 - 1, `unsigned int`: 2^32 - 1) */
  max: number
  /** the libvirt function that reads it (with `virXMLPropUInt`, `virXMLPropInt`, `virStrToLong_*`…) */
  libvirtFunction: string
}

const uint = (base: NumberBase, libvirtFunction: string): NumberSyntax => ({ base, max: UINT_MAX, libvirtFunction })
const int = (base: NumberBase, libvirtFunction: string): NumberSyntax => ({ base, max: INT_MAX, libvirtFunction })
const ullong = (base: NumberBase, libvirtFunction: string): NumberSyntax => ({ base, max: ULLONG_SAFE_MAX, libvirtFunction })

/**
 * Every number devaddr reads from domain XML, as libvirt 9.x reads it: `element@attribute` (or
 * `element` for a text value) → base and range. Base 10 where libvirt calls `virXMLPropUInt(…, 10, …)`
 * (drive, virtio-serial, ccid and USB addresses, controller `index`), base 0 where it calls it with
 * 0 (PCI, zPCI, CCW addresses, PCI controller targets), base 16 for spapr-vio `reg`, ISA and DIMM
 * base. A number outside `max` is refused as libvirt's parser refuses it.
 */
export const LIBVIRT_NUMBERS = {
  'address[pci]@domain': uint(0, 'virPCIDeviceAddressParseXML'),
  'address[pci]@bus': uint(0, 'virPCIDeviceAddressParseXML'),
  'address[pci]@slot': uint(0, 'virPCIDeviceAddressParseXML'),
  'address[pci]@function': uint(0, 'virPCIDeviceAddressParseXML'),
  'zpci@uid': uint(0, 'virZPCIDeviceAddressParseXML'),
  'zpci@fid': uint(0, 'virZPCIDeviceAddressParseXML'),
  'address[drive]@controller': uint(10, 'virDomainDeviceDriveAddressParseXML'),
  'address[drive]@bus': uint(10, 'virDomainDeviceDriveAddressParseXML'),
  'address[drive]@target': uint(10, 'virDomainDeviceDriveAddressParseXML'),
  'address[drive]@unit': uint(10, 'virDomainDeviceDriveAddressParseXML'),
  'address[virtio-serial]@controller': uint(10, 'virDomainDeviceVirtioSerialAddressParseXML'),
  'address[virtio-serial]@bus': uint(10, 'virDomainDeviceVirtioSerialAddressParseXML'),
  'address[virtio-serial]@port': uint(10, 'virDomainDeviceVirtioSerialAddressParseXML'),
  'address[ccid]@controller': uint(10, 'virDomainDeviceCcidAddressParseXML'),
  'address[ccid]@slot': uint(10, 'virDomainDeviceCcidAddressParseXML'),
  'address[usb]@bus': uint(10, 'virDomainDeviceUSBAddressParseXML'),
  'address[usb]@port': uint(10, 'virDomainDeviceUSBAddressParsePort'),
  'address[spapr-vio]@reg': ullong(16, 'virDomainDeviceSpaprVioAddressParseXML'),
  'address[ccw]@cssid': uint(0, 'virCCWDeviceAddressParseXML'),
  'address[ccw]@ssid': uint(0, 'virCCWDeviceAddressParseXML'),
  'address[ccw]@devno': uint(0, 'virCCWDeviceAddressParseXML'),
  'address[isa]@iobase': uint(16, 'virDomainDeviceISAAddressParseXML'),
  'address[isa]@irq': uint(16, 'virDomainDeviceISAAddressParseXML'),
  'address[dimm]@slot': uint(10, 'virDomainDeviceDimmAddressParseXML'),
  'address[dimm]@base': ullong(16, 'virDomainDeviceDimmAddressParseXML'),
  'source/address@domain': uint(0, 'virPCIDeviceAddressParseXML'),
  'source/address@bus': uint(0, 'virPCIDeviceAddressParseXML'),
  'source/address@slot': uint(0, 'virPCIDeviceAddressParseXML'),
  'source/address@function': uint(0, 'virPCIDeviceAddressParseXML'),
  'controller@index': int(10, 'virDomainControllerDefParseXML'),
  'controller@ports': int(10, 'virDomainControllerDefParseXML'),
  'controller/master@startport': uint(10, 'virDomainControllerDefParseXML'),
  'controller/target@chassisNr': int(0, 'virDomainControllerDefParseXML'),
  'controller/target@chassis': int(0, 'virDomainControllerDefParseXML'),
  'controller/target@port': int(0, 'virDomainControllerDefParseXML'),
  'controller/target@busNr': int(0, 'virDomainControllerDefParseXML'),
  'controller/target@index': int(0, 'virDomainControllerDefParseXML'),
  'controller/target@memReserve': ullong(10, 'virDomainControllerDefParseXML'),
  'controller/target/node': int(10, 'virDomainControllerDefParseXML'),
  'chr/target@port': uint(10, 'virDomainChrDefParseTargetXML'),
  'boot@order': uint(10, 'virDomainDeviceBootParseXML'),
  vcpu: uint(10, 'virDomainVcpuParse'),
  memory: ullong(10, 'virDomainParseMemory'),
  'maxMemory@slots': uint(10, 'virDomainDefParseMemory'),
} as const satisfies Record<string, NumberSyntax>

/** A key of `LIBVIRT_NUMBERS`. */
export type LibvirtNumber = keyof typeof LIBVIRT_NUMBERS

/**
 * What a number must be, for a message: `a non-negative integer`, or with libvirt's base when it
 * is not strtoul's choice: `a non-negative decimal integer (libvirt reads it in base 10)`.
 */
export function describeNumber(syntax: NumberSyntax): string {
  switch (syntax.base) {
    case 10:
      return 'a non-negative decimal integer (libvirt reads it in base 10)'
    case 16:
      return 'a non-negative hexadecimal integer (libvirt reads it in base 16)'
    case 0:
      return 'a non-negative integer'
  }
}

/** `0x%x` */
export const hex = (n: number): string => `0x${n.toString(16)}`

/** `0x%0Nx` */
export const hexPadded = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`

/**
 * `0x%0Nx` of a number a PCI address holds (domain 4 digits, bus and slot 2, function 1), from a
 * table for the usual ones: every device written has one.
 */
export function pciNumber(n: number, width: 1 | 2 | 4): string {
  if (width === 4) return n === 0 ? '0x0000' : hexPadded(n, 4)
  return n < 256 ? (width === 2 ? HEX2 : HEX1)[n]! : hexPadded(n, width)
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, n) => hexPadded(n, 2))
const HEX1: readonly string[] = Array.from({ length: 256 }, (_, n) => hexPadded(n, 1))

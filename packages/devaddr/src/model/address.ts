/**
 * Every address kind libvirt gives a device, as a discriminated union on `type`.
 * Numbers are plain integers; formatting (hex for PCI, decimal for drives) is the
 * serializer's job, see `formatAddress` in the formats package.
 */

/** A PCI address. An all-zero domain/bus/slot/function means "not yet chosen". */
export interface PciAddress {
  type: 'pci'
  domain: number
  bus: number
  slot: number
  function: number
  multifunction?: 'on' | 'off'
  /** s390x zPCI extension (`<zpci uid fid>`). */
  zpci?: { uid?: number; fid?: number }
}

/** IDE/SATA/SCSI/FDC drive address (`controller/bus/target/unit`). */
export interface DriveAddress {
  type: 'drive'
  controller: number
  bus: number
  target: number
  unit: number
}

export interface VirtioSerialAddress {
  type: 'virtio-serial'
  controller: number
  bus: number
  port: number
}

export interface CcidAddress {
  type: 'ccid'
  controller: number
  slot: number
}

/** USB address: `port` is a dotted path such as "1" or "1.2". */
export interface UsbAddress {
  type: 'usb'
  bus: number
  port?: string
}

export interface SpaprVioAddress {
  type: 'spapr-vio'
  reg?: number
}

export interface CcwAddress {
  type: 'ccw'
  cssid?: number
  ssid?: number
  devno?: number
}

export interface VirtioMmioAddress {
  type: 'virtio-mmio'
}

export interface IsaAddress {
  type: 'isa'
  iobase?: number
  irq?: number
}

export interface DimmAddress {
  type: 'dimm'
  slot?: number
  base?: number
}

/** A PCI host device deliberately given no guest address. */
export interface UnassignedAddress {
  type: 'unassigned'
}

export type Address =
  | PciAddress
  | DriveAddress
  | VirtioSerialAddress
  | CcidAddress
  | UsbAddress
  | SpaprVioAddress
  | CcwAddress
  | VirtioMmioAddress
  | IsaAddress
  | DimmAddress
  | UnassignedAddress

export type AddressType = Address['type']

export const ADDRESS_TYPES: readonly AddressType[] = [
  'pci',
  'drive',
  'virtio-serial',
  'ccid',
  'usb',
  'spapr-vio',
  'ccw',
  'virtio-mmio',
  'isa',
  'dimm',
  'unassigned',
]

/**
 * True when a PCI address still has to be chosen (libvirt's virPCIDeviceAddressIsEmpty): domain,
 * bus and slot all 0. The function does not count: `<address type='pci' function='0x3'/>` is
 * assigned a whole address, function 0 (seen live on 9.0, 11.3 and 12.8).
 */
export function isEmptyPciAddress(a: PciAddress): boolean {
  return a.domain === 0 && a.bus === 0 && a.slot === 0
}

/** `DDDD:BB:SS.F`, the form libvirt uses in its messages. */
export function formatPciAddress(a: Pick<PciAddress, 'domain' | 'bus' | 'slot' | 'function'>): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0')
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.function.toString(16)}`
}

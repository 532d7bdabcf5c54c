/** What rule an input breaks. One code per family of libvirt rejections. */
export type AddrErrorCode =
  /** an address attribute out of range (bus > 0xff, slot > 0x1f, function > 7, domain ≠ 0…) */
  | 'invalid-address'
  /** two devices on one address */
  | 'address-conflict'
  /** an address the chipset keeps for itself (PIIX3 slot 1, ICH9 1f.x…) */
  | 'reserved-slot'
  /** the bus does not accept this kind of device (PCI on pcie-root, hotplug off…) */
  | 'incompatible-bus'
  /** the address names a bus/controller that does not exist */
  | 'missing-bus'
  /** nothing free and nothing can be added */
  | 'no-free-slot'
  /** controller indexes, models or targets that libvirt refuses */
  | 'invalid-controller'
  /** the address type does not fit this device or machine */
  | 'wrong-address-type'
  /** a feature this machine type does not have */
  | 'unsupported'

/** A rejection: names the device, the address when there is one, and the rule. */
export interface AddrError {
  code: AddrErrorCode
  /** label of the device at fault, e.g. `interface #2 (e1000)`: for people */
  device?: string
  /**
   * the stable id of the device at fault (`interface2`, `controller-pci3`): for programs. Front
   * ends link an error to its device by this id, never by searching the message.
   */
  deviceId?: string
  /** the address in libvirt's textual form, e.g. `0000:00:01.0` */
  address?: string
  /** the rule, in words a user can act on */
  message: string
  /** the libvirt function whose rule this mirrors, e.g. `virDomainPCIAddressReserveAddr` */
  libvirtFunction?: string
}

export function addrError(code: AddrErrorCode, message: string, device?: string, address?: string): AddrError {
  const e: AddrError = { code, message }
  if (device !== undefined) e.device = device
  if (address !== undefined) e.address = address
  return e
}

/** `interface #2 (e1000) at 0000:00:01.0: slot 1 of bus 0 is reserved for the PIIX3 chipset` */
export function formatAddrError(e: AddrError): string {
  const where = [e.device, e.address ? `at ${e.address}` : undefined].filter(Boolean).join(' ')
  return where ? `${where}: ${e.message}` : e.message
}

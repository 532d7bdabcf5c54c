import { type Device, deviceLabel } from './model/device.ts'

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
   * ends link an error to its device by this id, never by searching the message. Absent when the
   * rule is about the domain or the policy as a whole, or when the culprit is no device of the
   * domain (a chipset function, a controller a policy could not add): `device` then still names it.
   */
  deviceId?: string
  /** the address in libvirt's textual form, e.g. `0000:00:01.0` */
  address?: string
  /** the rule, in words a user can act on */
  message: string
  /**
   * the libvirt function whose check this rule mirrors, e.g. `virDomainPCIAddressReserveAddrInternal`
   * (RULES.md lists them). Absent for devaddr's own policy rules, which libvirt does not have.
   */
  libvirtFunction?: string
}

/**
 * A libvirt function, as its source spells it: `virDomainPCIAddressReserveAddr` (src/conf, src/util)
 * or `qemuDomainAssignPCIAddresses` (src/qemu).
 */
export type LibvirtFunction = `vir${string}` | `qemu${string}`

/** What a rejection points at: the rule's origin in libvirt, the device at fault, the address. */
export interface ErrorSite {
  /**
   * The libvirt function whose check the rule mirrors. `null` only for devaddr's own rules, which
   * libvirt does not have (policy tunables and what they add): required, so no rule forgets it.
   */
  libvirtFunction: LibvirtFunction | null
  /** the device at fault; absent when the rule is about the domain or the policy as a whole */
  device?: Device
  /**
   * Words naming the culprit instead of `deviceLabel(device)`: a holder that is no device (a
   * chipset function), or a device named as the message always named it.
   */
  label?: string
  /** the address in libvirt's textual form */
  address?: string
}

/** The usual site: the device at fault, the libvirt check its rule mirrors, the address if any. */
export function culprit(device: Device, libvirtFunction: LibvirtFunction, address?: string): ErrorSite {
  return address === undefined ? { libvirtFunction, device } : { libvirtFunction, device, address }
}

/** Builds a rejection: `device` is the label people read, `deviceId` the id programs follow. */
export function addrError(code: AddrErrorCode, message: string, site: ErrorSite): AddrError {
  const e: AddrError = { code, message }
  const label = site.label ?? (site.device ? deviceLabel(site.device) : undefined)
  if (label !== undefined) e.device = label
  if (site.device) e.deviceId = site.device.id
  if (site.address !== undefined) e.address = site.address
  if (site.libvirtFunction !== null) e.libvirtFunction = site.libvirtFunction
  return e
}

/** `interface #2 (e1000) at 0000:00:01.0: slot 1 of bus 0 is reserved for the PIIX3 chipset` */
export function formatAddrError(e: AddrError): string {
  const where = [e.device, e.address ? `at ${e.address}` : undefined].filter(Boolean).join(' ')
  return where ? `${where}: ${e.message}` : e.message
}

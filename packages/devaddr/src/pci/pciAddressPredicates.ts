import { isEmptyPciAddress, type PciAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'

/** The device has no address yet, or an all-zero PCI one. @see virDeviceInfoPCIAddressIsWanted */
export function isPciWanted(d: Device): boolean {
  return d.address === undefined || (d.address.type === 'pci' && isEmptyPciAddress(d.address))
}

/** The device has a real PCI address. @see virDeviceInfoPCIAddressIsPresent */
export function pciAddressOf(d: Device): PciAddress | undefined {
  return d.address?.type === 'pci' && !isEmptyPciAddress(d.address) ? d.address : undefined
}

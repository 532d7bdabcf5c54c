export { expandDomain } from './expandDomain.ts'
export { newWorkingDevice } from './domain/workingDevice.ts'
export { hotplugDevice } from './hotplugDevice.ts'
export type {
  Address,
  AddressType,
  PciAddress,
  DriveAddress,
  VirtioSerialAddress,
  CcidAddress,
  UsbAddress,
  SpaprVioAddress,
  CcwAddress,
  VirtioMmioAddress,
  IsaAddress,
  DimmAddress,
  UnassignedAddress,
} from './model/address.ts'
export { ADDRESS_TYPES, isEmptyPciAddress, formatPciAddress } from './model/address.ts'
export type { Device, DeviceKind, DeviceOrigin, ControllerTarget } from './model/device.ts'
export { DEVICE_KINDS, isDeviceKind, deviceLabel } from './model/device.ts'
export type { DomainInput, ExpandOptions, Expansion, Explanation, ExpansionWarning } from './model/domain.ts'
export type { Policy, PolicyTunables, SparePortsSetting } from './policy/policy.ts'
export { LIBVIRT_POLICY, isLibvirtPolicy } from './policy/policy.ts'
export { BUILTIN_POLICIES, builtinPolicy } from './policy/builtinPolicies.ts'
export type { AddrError, AddrErrorCode } from './errors.ts'
export { formatAddrError } from './errors.ts'
export type { Result } from './result.ts'
export { guestView } from './explain/guestView.ts'
export type { GuestAddress } from './explain/guestView.ts'
export { QEMU_CAPABILITIES, QEMU_VERSION_PATTERN, recordedQemuCaps } from './machine/qemuCapabilities.ts'
export type { QemuCapabilities, QemuCapability, QemuCapsEntry } from './machine/qemuCapabilities.ts'
export { QEMU_CAPS_TABLE } from './machine/qemuCapsTable.ts'
export { LIBVIRT_PROFILE_NOTES } from './machine/libvirtProfileNotes.ts'
export {
  DEFAULT_LIBVIRT_VERSION,
  LIBVIRT_PROFILES,
  LIBVIRT_VERSION_ALIASES,
  LIBVIRT_VERSIONS,
  libvirtVersionNamed,
} from './machine/libvirtProfile.ts'
export type { LibvirtProfile, LibvirtVersion, UsbModelCandidate, UsbModelRule, UsbRuleMatch } from './machine/libvirtProfile.ts'
export { diskNameFromIndex, diskNameToIndex } from './model/diskName.ts'
export { pciBusSlots } from './pci/pciBusSlots.ts'
export type { PciBusSlots } from './pci/pciBusSlots.ts'

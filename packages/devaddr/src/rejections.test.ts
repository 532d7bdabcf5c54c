import { describe, expect, it } from 'vitest'

import type { AddrErrorCode } from './errors.ts'
import { formatAddrError } from './errors.ts'
import { expandDomain } from './expandDomain.ts'
import type { PciAddress } from './model/address.ts'
import { type Device, DEVICE_KINDS } from './model/device.ts'
import type { DomainInput, ExpandOptions } from './model/domain.ts'
import { policyOf, rejection } from './testing/devices.ts'

/**
 * A catalogue of rejected domains, one or more per rule: each names the device at fault (by its
 * place in `devices`, or none when the rule is about the domain or the policy), the error code
 * and the libvirt function the rule mirrors. A front end links an error to its device by
 * `deviceId` alone, so every case also checks that the id names a device the engine knows.
 */
interface Rejected {
  name: string
  input: DomainInput
  options?: ExpandOptions
  code: AddrErrorCode
  libvirtFunction: string | undefined
  /** index in `input.devices` of the device at fault; `undefined`: none is */
  culprit: number | undefined
}

let n = 0
const d = (device: Omit<Device, 'id' | 'origin'>): Device => ({ id: `${device.kind}${n++}`, origin: 'input', ...device })
const pciAt = (bus: number, slot: number, fn = 0, extra: Partial<PciAddress> = {}): PciAddress => ({
  type: 'pci',
  domain: 0,
  bus,
  slot,
  function: fn,
  ...extra,
})
const x86 = (machine: string, devices: Device[], extra: Partial<DomainInput> = {}): DomainInput => ({
  arch: 'x86_64',
  machine,
  devices,
  ...extra,
})
const q35 = (devices: Device[], extra: Partial<DomainInput> = {}) => x86('q35', devices, extra)
const pc = (devices: Device[], extra: Partial<DomainInput> = {}) => x86('pc', devices, extra)
const s390 = (devices: Device[]): DomainInput => ({ arch: 's390x', machine: 's390-ccw-virtio', devices })
const pseries = (devices: Device[], extra: Partial<DomainInput> = {}): DomainInput => ({
  arch: 'ppc64',
  machine: 'pseries',
  devices,
  ...extra,
})
const nic = (extra: Partial<Device> = {}) => d({ kind: 'interface', type: 'network', model: 'virtio', ...extra })
const tablet = (extra: Partial<Device> = {}) => d({ kind: 'input', type: 'tablet', bus: 'usb', ...extra })
const channel = (extra: Partial<Device> = {}) => d({ kind: 'channel', type: 'unix', targetType: 'virtio', ...extra })
const usbNone = () => d({ kind: 'controller', type: 'usb', index: 0, model: 'none' })

const CASES: Rejected[] = [
  // address ranges and address types
  {
    name: 'PCI bus above 0xff',
    input: q35([nic({ address: pciAt(0x100, 1) })]),
    code: 'invalid-address',
    libvirtFunction: 'virPCIDeviceAddressIsValid',
    culprit: 0,
  },
  {
    name: 'zPCI on x86',
    input: q35([nic({ address: pciAt(0, 3, 0, { zpci: { uid: 1 } }) })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefZPCIAddress',
    culprit: 0,
  },
  {
    name: 'zPCI uid 0',
    input: s390([nic({ address: pciAt(0, 3, 0, { zpci: { uid: 0 } }) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefZPCIAddress',
    culprit: 0,
  },
  {
    name: 'spapr-vio reg above 32 bits',
    input: pseries([nic({ model: 'spapr-vlan', address: { type: 'spapr-vio', reg: 0x100000000 } })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddress',
    culprit: 0,
  },
  {
    name: 'USB port path five deep',
    input: q35([tablet({ address: { type: 'usb', bus: 0, port: '1.1.1.1.1' } })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDeviceUSBAddressParsePort',
    culprit: 0,
  },
  {
    name: 'SATA disk with a PCI address',
    input: q35([d({ kind: 'disk', bus: 'sata', dst: 'sda', address: pciAt(0, 5) })]),
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
  },
  {
    name: 'vfio-pci mdev with a CCW address',
    input: q35([d({ kind: 'hostdev', mode: 'subsystem', type: 'mdev', model: 'vfio-pci', address: { type: 'ccw' } })]),
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainHostdevDefPostParse',
    culprit: 0,
  },
  {
    name: 'pSeries panic with an address',
    input: pseries([d({ kind: 'panic', address: { type: 'isa' } })]),
    code: 'wrong-address-type',
    libvirtFunction: 'qemuValidateDomainDefPanic',
    culprit: 0,
  },
  {
    name: 'ramfb with an address',
    input: q35([d({ kind: 'video', model: 'ramfb', address: pciAt(0, 5) })]),
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainVideoDefValidate',
    culprit: 0,
  },
  {
    name: 'virtio IOMMU off PCI',
    input: q35([d({ kind: 'iommu', model: 'virtio', address: { type: 'virtio-mmio' } })]),
    code: 'wrong-address-type',
    libvirtFunction: 'qemuValidateDomainDeviceDefIOMMU',
    culprit: 0,
  },
  {
    name: 'virtio disk with a drive address',
    input: q35([d({ kind: 'disk', bus: 'virtio', dst: 'vda', address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 } })]),
    code: 'wrong-address-type',
    libvirtFunction: 'qemuDomainAssignDevicePCISlots',
    culprit: 0,
  },
  // duplicates
  {
    name: 'two SATA disks on one drive address',
    input: q35(
      [0, 1].map((i) =>
        d({ kind: 'disk', bus: 'sata', dst: `sd${'ab'[i]}`, address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 } }),
      ),
    ),
    code: 'address-conflict',
    libvirtFunction: 'virDomainDefDuplicateDriveAddressesValidate',
    culprit: 1,
  },
  {
    name: 'two devices on one zPCI uid',
    input: s390([nic({ address: pciAt(0, 1, 0, { zpci: { uid: 7 } }) }), nic({ address: pciAt(0, 2, 0, { zpci: { uid: 7 } }) })]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainZPCIAddressReserveId',
    culprit: 1,
  },
  {
    name: 'two PCI devices on one slot',
    input: pc([nic({ address: pciAt(0, 5) }), nic({ address: pciAt(0, 5) })]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainPCIAddressReserveAddrInternal',
    culprit: 1,
  },
  {
    name: 'two channels on one virtio-serial port',
    input: q35([
      channel({ address: { type: 'virtio-serial', controller: 0, bus: 0, port: 1 } }),
      channel({ address: { type: 'virtio-serial', controller: 0, bus: 0, port: 1 } }),
    ]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainVirtioSerialAddrReserve',
    culprit: 1,
  },
  {
    name: 'two spapr-vlan NICs on one reg',
    input: pseries([
      nic({ model: 'spapr-vlan', address: { type: 'spapr-vio', reg: 0x1000 } }),
      nic({ model: 'spapr-vlan', address: { type: 'spapr-vio', reg: 0x1000 } }),
    ]),
    code: 'address-conflict',
    libvirtFunction: 'qemuDomainAssignSpaprVIOAddress',
    culprit: 0,
  },
  {
    name: 'two disks on one CCW devno',
    input: s390(
      [0, 1].map((i) => d({ kind: 'disk', bus: 'virtio', dst: `vd${'ab'[i]}`, address: { type: 'ccw', cssid: 0xfe, ssid: 0, devno: 5 } })),
    ),
    code: 'address-conflict',
    libvirtFunction: 'virDomainCCWAddressAssign',
    culprit: 1,
  },
  {
    name: 'two tablets on one USB port',
    input: q35([tablet({ address: { type: 'usb', bus: 0, port: '1' } }), tablet({ address: { type: 'usb', bus: 0, port: '1' } })]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainUSBAddressReserve',
    culprit: 1,
  },
  // controllers
  {
    name: 'negative controller index',
    input: q35([d({ kind: 'controller', type: 'scsi', index: -1 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
  },
  {
    name: 'UHCI companion without a master',
    input: q35([d({ kind: 'controller', type: 'usb', index: 0, model: 'ich9-uhci1' })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainDefControllersParse',
    culprit: 0,
  },
  {
    name: 'qemu-xhci with 16 ports',
    input: q35([d({ kind: 'controller', type: 'usb', index: 0, model: 'qemu-xhci', ports: 16 })]),
    code: 'invalid-controller',
    libvirtFunction: 'qemuDomainControllerDefPostParse',
    culprit: 0,
  },
  {
    name: 'two SCSI controllers with index 0',
    input: q35([d({ kind: 'controller', type: 'scsi', index: 0 }), d({ kind: 'controller', type: 'scsi', index: 0 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainDefRejectDuplicateControllers',
    culprit: 0,
  },
  {
    name: 'pcie-root with index 1',
    input: q35([d({ kind: 'controller', type: 'pci', index: 1, model: 'pcie-root' })]),
    code: 'invalid-controller',
    libvirtFunction: 'qemuDomainControllerDefPostParse',
    culprit: 0,
  },
  {
    name: 'pcie-root with an address',
    input: q35([d({ kind: 'controller', type: 'pci', index: 0, model: 'pcie-root', address: pciAt(0, 3) })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
  },
  {
    name: 'pci-expander-bus on q35',
    input: q35([d({ kind: 'controller', type: 'pci', index: 1, model: 'pci-expander-bus' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuDomainControllerDefPostParse',
    culprit: 0,
  },
  {
    name: 'pcie-expander-bus on a NUMA node the guest lacks',
    input: q35([d({ kind: 'controller', type: 'pci', index: 1, model: 'pcie-expander-bus', target: { node: 2 } })], { numaNodes: 1 }),
    code: 'invalid-controller',
    libvirtFunction: 'qemuDomainControllerDefPostParse',
    culprit: 0,
  },
  {
    name: 'PHB target index 31',
    input: pseries([d({ kind: 'controller', type: 'pci', index: 1, model: 'pci-root', target: { index: 31 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
  },
  {
    name: 'USB none beside another USB controller',
    input: q35([usbNone(), d({ kind: 'controller', type: 'usb', index: 1, model: 'qemu-xhci' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefControllersParse',
    culprit: 1,
  },
  {
    name: 'USB none with a hub',
    input: q35([usbNone(), d({ kind: 'hub', type: 'usb' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefParseXML',
    culprit: 1,
  },
  {
    name: 'USB none with a USB tablet',
    input: q35([usbNone(), tablet()]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefParseXML',
    culprit: 1,
  },
  {
    name: 'USB none with a USB disk',
    input: q35([usbNone(), d({ kind: 'disk', bus: 'usb', dst: 'sda' })]),
    options: { newDomain: true },
    code: 'unsupported',
    libvirtFunction: 'qemuDomainUSBAddressAddHubs',
    culprit: undefined,
  },
  {
    name: 'pcie-root on pc',
    input: pc([d({ kind: 'controller', type: 'pci', index: 0, model: 'pcie-root' })]),
    code: 'invalid-controller',
    libvirtFunction: 'qemuDomainDefAddDefaultDevices',
    culprit: 0,
  },
  {
    name: 'IDE on q35',
    input: q35([d({ kind: 'controller', type: 'ide', index: 0 })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefControllerIDE',
    culprit: 0,
  },
  {
    name: 'a second VGA card',
    input: q35([d({ kind: 'video', model: 'qxl' }), d({ kind: 'video', model: 'vga' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefVideo',
    culprit: 1,
  },
  {
    name: 'pci-expander-bus without a busNr below 3',
    input: pc([
      d({ kind: 'controller', type: 'pci', index: 1, model: 'pci-expander-bus', target: { busNr: 2 } }),
      d({ kind: 'controller', type: 'pci', index: 2, model: 'pci-expander-bus' }),
    ]),
    code: 'invalid-controller',
    libvirtFunction: 'qemuDomainAssignPCIAddresses',
    culprit: 1,
  },
  // chipsets and PCI buses
  {
    name: 'a NIC on the PIIX3 slot',
    input: pc([nic({ model: 'e1000', address: pciAt(0, 1) })]),
    code: 'reserved-slot',
    libvirtFunction: 'qemuDomainValidateDevicePCISlotsPIIX3',
    culprit: 0,
  },
  {
    name: 'the primary IDE controller elsewhere',
    input: pc([d({ kind: 'controller', type: 'ide', index: 0, address: pciAt(0, 5) })]),
    code: 'reserved-slot',
    libvirtFunction: 'qemuDomainValidateDevicePCISlotsPIIX3',
    culprit: 0,
  },
  {
    name: 'the primary SATA controller elsewhere',
    input: q35([d({ kind: 'controller', type: 'sata', index: 0, address: pciAt(0, 5) })]),
    code: 'reserved-slot',
    libvirtFunction: 'qemuDomainValidateDevicePCISlotsQ35',
    culprit: 0,
  },
  {
    name: 'a NIC on the ICH9 LPC slot',
    input: q35([nic({ address: pciAt(0, 0x1f) })]),
    code: 'reserved-slot',
    libvirtFunction: 'qemuDomainValidateDevicePCISlotsQ35',
    culprit: 0,
  },
  {
    name: 'a root port on pci-root',
    input: pc([d({ kind: 'controller', type: 'pci', index: 1, model: 'pcie-root-port', address: pciAt(0, 5) })]),
    code: 'incompatible-bus',
    libvirtFunction: 'virDomainPCIAddressFlagsCompatible',
    culprit: 0,
  },
  {
    name: 'slot 0 of a pci-bridge',
    input: pc([d({ kind: 'controller', type: 'pci', index: 1, model: 'pci-bridge' }), nic({ address: pciAt(1, 0) })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainPCIAddressValidate',
    culprit: 1,
  },
  {
    name: 'PCI domain 1',
    input: pc([nic({ address: { ...pciAt(0, 5), domain: 1 } })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainPCIAddressValidate',
    culprit: 0,
  },
  // ports
  {
    name: 'a channel past the last virtio-serial port',
    input: q35([
      d({ kind: 'controller', type: 'virtio-serial', index: 0, ports: 2 }),
      channel({ address: { type: 'virtio-serial', controller: 0, bus: 0, port: 5 } }),
    ]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainVirtioSerialAddrReserve',
    culprit: 1,
  },
  {
    name: 'a USB port past the controller’s last',
    input: q35([tablet({ address: { type: 'usb', bus: 0, port: '9' } })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainUSBAddressFindPort',
    culprit: 0,
  },
  {
    name: 'a USB bus that is missing',
    input: q35([tablet({ address: { type: 'usb', bus: 3, port: '1' } })]),
    code: 'missing-bus',
    libvirtFunction: 'virDomainUSBAddressFindPort',
    culprit: 0,
  },
  {
    name: 'a USB port behind no hub',
    input: q35([tablet({ address: { type: 'usb', bus: 0, port: '1' } }), tablet({ address: { type: 'usb', bus: 0, port: '1.2' } })]),
    code: 'missing-bus',
    libvirtFunction: 'virDomainUSBAddressFindPort',
    culprit: 1,
  },
  {
    name: 'a USB port path that is no number',
    input: q35([tablet({ address: { type: 'usb', bus: 0, port: 'x' } })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDeviceUSBAddressParsePort',
    culprit: 0,
  },
  {
    name: 'a USB bus asked for and missing',
    input: q35([tablet({ address: { type: 'usb', bus: 3 } })]),
    options: { newDomain: true },
    code: 'missing-bus',
    libvirtFunction: 'virDomainUSBAddressAssign',
    culprit: 0,
  },
  {
    name: 'an unknown disk name',
    input: q35([d({ kind: 'disk', bus: 'sata', dst: 'xyz' })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDiskDefAssignAddress',
    culprit: 0,
  },
  {
    name: 'more DIMMs than memory slots',
    input: q35([d({ kind: 'memory', model: 'dimm', memorySlotted: true }), d({ kind: 'memory', model: 'dimm', memorySlotted: true })], {
      memorySlots: 1,
    }),
    code: 'no-free-slot',
    libvirtFunction: 'qemuAssignMemoryDeviceSlot',
    culprit: 1,
  },
  // policies: devaddr's own rules have no libvirt function
  {
    name: 'a reserved slot 0',
    input: q35([]),
    options: { policy: policyOf({ reservedSlots: [0] }) },
    code: 'unsupported',
    libvirtFunction: undefined,
    culprit: undefined,
  },
  {
    name: 'a negative spare count',
    input: q35([]),
    options: { policy: policyOf({ sparePorts: { free: -1 } }) },
    code: 'unsupported',
    libvirtFunction: undefined,
    culprit: undefined,
  },
  {
    name: 'KubeVirt spares above index 31',
    input: q35(
      Array.from({ length: 30 }, (_, i) =>
        d({ kind: 'disk', bus: 'virtio', dst: `vd${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'z' : ''}` }),
      ),
    ),
    options: { policy: policyOf({ sparePorts: 'kubevirt-v3' }) },
    code: 'no-free-slot',
    libvirtFunction: undefined,
    culprit: undefined,
  },
  {
    name: 'a USB tablet pinned to a NUMA node',
    input: q35([tablet({ numaNode: 0 })], { numaNodes: 1 }),
    code: 'unsupported',
    libvirtFunction: undefined,
    culprit: 0,
  },
  {
    name: 'a spicevmc channel without a SPICE display',
    input: q35([d({ kind: 'graphics', type: 'vnc' }), channel({ type: 'spicevmc' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainChrSourceDef',
    culprit: 1,
  },
  // boot order
  {
    name: 'two devices with one boot order',
    input: q35([
      d({ kind: 'disk', bus: 'virtio', dst: 'vda', bootOrder: 1 }),
      nic({ bootOrder: 2 }),
      d({ kind: 'disk', bus: 'sata', dst: 'sda', diskDevice: 'cdrom', bootOrder: 2 }),
    ]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefCollectBootOrder',
    // note: libvirt visits disks before interfaces: the cdrom claims order 2 first, so the NIC is at fault
    culprit: 1,
  },
  {
    name: 'a device boot order beside <os><boot dev>',
    input: q35([d({ kind: 'disk', bus: 'virtio', dst: 'vda' }), nic({ bootOrder: 1 })], { osBoot: true }),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefBootOrderPostParse',
    culprit: 1,
  },
  {
    name: 'a NIC pinned on pSeries',
    input: pseries([nic({ numaNode: 0 })], { numaNodes: 1 }),
    code: 'unsupported',
    libvirtFunction: 'qemuDomainControllerDefPostParse',
    culprit: 0,
  },
]

/** Ids the engine mints for devices it adds: `controller-pci3`, `memballoon-default`, `hub-auto0`… */
const MINTED_ID = new RegExp(`^(${DEVICE_KINDS.join('|')})-[a-z0-9-]+$`)

describe('rejections', () => {
  it.each(CASES)('$name: $code from $libvirtFunction', ({ input, options, code, libvirtFunction, culprit }) => {
    const e = rejection(expandDomain(input, options))
    expect(e.code).toBe(code)
    expect(e.libvirtFunction).toBe(libvirtFunction)
    expect(e.deviceId).toBe(culprit === undefined ? undefined : input.devices[culprit]!.id)
    // note: the label stays in the text people read; the id is what programs follow
    if (e.device !== undefined) expect(formatAddrError(e).startsWith(e.device)).toBe(true)
  })

  it('names every device at fault by an id of the input or one the engine mints', () => {
    for (const { input, options } of CASES) {
      const e = rejection(expandDomain(input, options))
      if (e.deviceId === undefined) continue
      const known = input.devices.some((x) => x.id === e.deviceId) || MINTED_ID.test(e.deviceId)
      expect(known, `${formatAddrError(e)} (${e.deviceId})`).toBe(true)
      expect(e.device, e.deviceId).toBeDefined()
    }
  })

  it('covers every code', () => {
    const codes = new Set(CASES.map((c) => c.code))
    const all: AddrErrorCode[] = [
      'invalid-address',
      'address-conflict',
      'reserved-slot',
      'incompatible-bus',
      'missing-bus',
      'no-free-slot',
      'invalid-controller',
      'wrong-address-type',
      'unsupported',
    ]
    expect([...codes].sort()).toEqual(all.sort())
  })
})

import { describe, expect, it } from 'vitest'

import type { AddrErrorCode } from '../errors.ts'
import { expandDomain } from '../expandDomain.ts'
import type { DriveAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput } from '../model/domain.ts'
import { dev, expandOk, pc, q35, rejection } from '../testing/devices.ts'

/**
 * Rules libvirt checks when it defines a domain, before any address is chosen: what it knows
 * (architectures, machines, controller types and models, disk buses and names, sound models),
 * the ranges of controller numbers, drive addresses a bus can hold, memory slots. Each case
 * names the device at fault, the code and the libvirt function.
 */
interface Case {
  name: string
  input: DomainInput
  code: AddrErrorCode
  libvirtFunction: string
  /** index in `input.devices` of the device at fault; undefined: the domain as a whole */
  culprit: number | undefined
  /** words the message must hold */
  says: string
}

const ctl = (type: string | undefined, extra: Partial<Device> = {}) =>
  type === undefined ? dev({ kind: 'controller', ...extra }) : dev({ kind: 'controller', type, ...extra })
const pci = (model: string, extra: Partial<Device> = {}) => ctl('pci', { model, ...extra })
const drive = (controller: number, bus = 0, target = 0, unit = 0): DriveAddress => ({ type: 'drive', controller, bus, target, unit })
const disk = (bus: string, dst: string, extra: Partial<Device> = {}) =>
  dev({ kind: 'disk', type: 'file', diskDevice: 'disk', bus, dst, ...extra })
const dimm = (slot: number, base?: number) =>
  dev({
    kind: 'memory',
    model: 'dimm',
    memorySlotted: true,
    address: base === undefined ? { type: 'dimm', slot } : { type: 'dimm', slot, base },
  })
const aarch64 = (devices: Device[]): DomainInput => ({ arch: 'aarch64', machine: 'virt', devices })

const CASES: Case[] = [
  // machine
  {
    name: 'an architecture devaddr does not model',
    input: { arch: 'm68k', machine: 'virt', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'virCapabilitiesDomainDataLookup',
    culprit: undefined,
    says: "architecture 'm68k'",
  },
  {
    name: 'a machine type the architecture lacks',
    input: { arch: 'x86_64', machine: 'pc-q99', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDef',
    culprit: undefined,
    says: "machine type 'pc-q99'",
  },
  {
    name: 'a machine version newer than the QEMU (12.8 runs QEMU 11.1)',
    input: { arch: 'x86_64', machine: 'pc-q35-11.2', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'virQEMUCapsIsMachineSupported',
    culprit: undefined,
    says: "QEMU 11.1 has no machine type 'pc-q35-11.2'",
  },
  {
    name: 'a machine version older than the QEMU still offers (11.1 dropped those before 5.2)',
    input: { arch: 'x86_64', machine: 'pc-i440fx-5.1', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'virQEMUCapsIsMachineSupported',
    culprit: undefined,
    says: "QEMU 11.1 has no machine type 'pc-i440fx-5.1' (it offers pc-i440fx machine versions from 5.2 on)",
  },
  {
    name: "a distribution's own machine type (RHEL's QEMU has it, Debian's upstream build does not)",
    input: { arch: 'x86_64', machine: 'pc-q35-rhel9.4.0', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'virQEMUCapsIsMachineSupported',
    culprit: undefined,
    says: "QEMU 11.1 has no machine type 'pc-q35-rhel9.4.0' (upstream QEMU names its pc-q35 machines pc-q35-<major>.<minor>",
  },
  {
    name: 'an aarch64 virt machine version older than the QEMU still offers',
    input: { arch: 'aarch64', machine: 'virt-4.2', devices: [] },
    code: 'unsupported',
    libvirtFunction: 'virQEMUCapsIsMachineSupported',
    culprit: undefined,
    says: "QEMU 11.1 has no machine type 'virt-4.2'",
  },
  // controllers: kinds
  {
    name: 'an unknown controller type',
    input: q35([ctl('warp', { index: 0 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
    says: "unknown controller type 'warp'",
  },
  {
    name: 'an unknown PCI controller model',
    input: q35([pci('bogus-bridge', { index: 1 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
    says: "unknown model 'bogus-bridge' for a pci controller",
  },
  {
    name: 'an unknown SCSI controller model',
    input: q35([ctl('scsi', { index: 0, model: 'nonsense' })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
    says: "unknown model 'nonsense' for a scsi controller",
  },
  {
    name: 'an unknown USB controller model',
    input: q35([ctl('usb', { index: 0, model: 'nonsense' })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
    says: "unknown model 'nonsense' for a usb controller",
  },
  {
    name: 'two controllers without a type are two IDE controllers',
    input: pc([ctl(undefined, { index: 0 }), ctl(undefined, { index: 0 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainDefRejectDuplicateControllers',
    culprit: 0,
    says: "more than one 'ide' controller has index 0",
  },
  // controllers: numbers
  {
    name: 'a PCI controller index above 255',
    input: pc([pci('pci-bridge', { index: 1_000_000 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: 'index 1000000 is too high: the maximum is 255',
  },
  {
    name: 'PCI controller index 256 on aarch64',
    input: aarch64([pci('pcie-root', { index: 0 }), pci('pcie-expander-bus', { index: 256 })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 1,
    says: 'maximum is 255',
  },
  {
    name: 'a controller index past a C int',
    input: q35([ctl('usb', { index: 4294967295, model: 'qemu-xhci' })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefParseXML',
    culprit: 0,
    says: 'between 0 and 2147483647',
  },
  {
    name: 'busNr 0',
    input: pc([pci('pci-expander-bus', { index: 1, target: { busNr: 0 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: "busNr='0'> is out of range: it must be 1-254",
  },
  {
    name: 'busNr 300',
    input: pc([pci('pci-expander-bus', { index: 1, target: { busNr: 300 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: 'must be 1-254',
  },
  {
    name: 'chassis 99999',
    input: q35([pci('pcie-root-port', { index: 1, target: { chassis: 99999 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: "chassis='99999'> is out of range: it must be 0-255",
  },
  {
    name: 'port 0x99999',
    input: q35([pci('pcie-root-port', { index: 1, target: { port: 0x99999 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: 'must be 0-255',
  },
  {
    name: 'chassisNr 0',
    input: pc([pci('pci-bridge', { index: 1, target: { chassisNr: 0 } })]),
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: 0,
    says: 'must be 1-255',
  },
  {
    name: 'a pSeries PHB given target index 31 by assignment',
    input: { arch: 'ppc64', machine: 'pseries', devices: [pci('pci-root', { index: 31 })] },
    code: 'invalid-controller',
    libvirtFunction: 'virDomainControllerDefValidate',
    culprit: undefined,
    says: 'PHB target index 31 is out of range (0-30)',
  },
  // IDE
  {
    name: 'an IDE controller on aarch64 virt',
    input: aarch64([ctl('ide', { index: 0, address: { type: 'pci', domain: 0, bus: 0, slot: 0, function: 0 } })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefControllerIDE',
    culprit: 0,
    says: "IDE controllers are not available on machine 'virt'",
  },
  {
    name: 'a second IDE controller on pc',
    input: pc([ctl('ide', { index: 1 })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefControllerIDE',
    culprit: 0,
    says: 'a single IDE controller',
  },
  // disks
  {
    name: 'an unknown disk bus',
    input: q35([disk('warp', 'xda')]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefParseXML',
    culprit: 0,
    says: "disk bus 'warp'",
  },
  // note: a disk with no address gets its drive index from its name while post-parsing, before validation
  {
    name: 'a disk named zz9',
    input: q35([disk('virtio', 'zz9')]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDiskDefAssignAddress',
    culprit: 0,
    says: "unknown disk name 'zz9'",
  },
  {
    name: 'a disk named zz9 with an address',
    input: q35([disk('virtio', 'zz9', { address: { type: 'pci', domain: 0, bus: 0, slot: 5, function: 0 } })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
    says: "target dev='zz9' is not a disk name",
  },
  {
    name: 'a disk without a medium (only a cdrom or a floppy may be empty)',
    input: q35([disk('virtio', 'vda', { emptyMedium: true })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
    says: "target dev='vda': a disk needs a <source>",
  },
  {
    name: 'a lun on a file (it passes a host SCSI device through: a block device, a volume or iSCSI)',
    input: q35([disk('scsi', 'sda', { diskDevice: 'lun' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefSourceLUNValidate',
    culprit: 0,
    says: "target dev='sda': a lun needs a block device",
  },
  {
    name: 'a lun on a block device without one',
    input: q35([disk('scsi', 'sda', { diskDevice: 'lun', type: 'block', emptyMedium: true })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefSourceLUNValidate',
    culprit: 0,
    says: 'a lun needs a block device',
  },
  {
    name: 'a floppy off the floppy controller',
    input: pc([disk('virtio', 'fda', { diskDevice: 'floppy' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
    says: "a floppy goes on bus 'fdc' only",
  },
  {
    name: 'a cdrom on the floppy controller',
    input: pc([disk('fdc', 'fda', { diskDevice: 'cdrom' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
    says: "bus 'fdc' takes only a floppy",
  },
  {
    name: 'a cdrom on virtio-blk (no ejectable media)',
    input: q35([disk('virtio', 'vda', { diskDevice: 'cdrom' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefDiskFrontend',
    culprit: 0,
    says: 'a cdrom needs ejectable media',
  },
  {
    name: 'a lun on SATA (no SCSI passthrough)',
    input: q35([disk('sata', 'sda', { diskDevice: 'lun', type: 'block' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefDiskFrontend',
    culprit: 0,
    says: "a lun passes SCSI commands through, which bus 'sata' cannot",
  },
  {
    name: 'a lun on virtio-blk with a QEMU of 9.1 or later (12.8 runs QEMU 11.1)',
    input: q35([disk('virtio', 'vda', { diskDevice: 'lun', type: 'block' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefDisk',
    culprit: 0,
    says: 'QEMU 11.1 has no SCSI passthrough in virtio-blk',
  },
  {
    name: 'a read-only SATA disk',
    input: q35([disk('sata', 'sda', { readOnly: true })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefDiskFrontend',
    culprit: 0,
    says: "a disk on bus 'sata' cannot be read-only",
  },
  {
    name: 'two disks with one target name',
    input: q35([disk('virtio', 'vda'), disk('virtio', 'vda')]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainDefDuplicateDiskInfoValidate',
    culprit: 1,
    says: "target dev='vda' is the target of another disk too",
  },
  {
    name: 'a xen balloon on a QEMU machine (it plugs into no PCI slot)',
    input: q35([dev({ kind: 'memballoon', model: 'xen' })]),
    code: 'no-free-slot',
    libvirtFunction: 'virDomainPCIAddressSetGrow',
    culprit: 0,
    says: 'does not plug into a PCI slot',
  },
  {
    name: 'the s390 diag288 watchdog on x86',
    input: q35([dev({ kind: 'watchdog', model: 'diag288' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainWatchdogDef',
    culprit: 0,
    says: "watchdog model 'diag288' is s390's only",
  },
  {
    name: 'a floppy not named fd*',
    input: pc([disk('fdc', 'hda', { diskDevice: 'floppy' })]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDiskDefValidate',
    culprit: 0,
    says: 'not a floppy name',
  },
  {
    name: 'a disk target naming a partition',
    input: q35([disk('virtio', 'vda1')]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefDisk',
    culprit: 0,
    says: 'names a partition',
  },
  {
    name: 'a second IDE controller in a drive address',
    input: pc([disk('ide', 'hda', { address: drive(1) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddressDrive',
    culprit: 0,
    says: 'a single IDE controller',
  },
  {
    name: 'a SCSI drive address on bus 1',
    input: q35([disk('scsi', 'sda', { address: drive(0, 1) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddressDrive',
    culprit: 0,
    says: 'a single bus',
  },
  {
    name: 'a drive address on bus 1 of a NIC (checked as a SCSI one)',
    input: q35([dev({ kind: 'interface', type: 'bridge', address: drive(2, 1, 2, 3) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddressDrive',
    culprit: 0,
    says: 'a drive address on a interface is checked as a SCSI one',
  },
  {
    name: 'an input bus libvirt does not know',
    input: pc([dev({ kind: 'input', type: 'mouse', bus: '0' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainInputDefParseXML',
    culprit: 0,
    says: "unknown input bus '0'",
  },
  {
    name: 'an input type libvirt does not know',
    input: pc([dev({ kind: 'input', type: 'joystick', bus: 'usb' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainInputDefParseXML',
    culprit: 0,
    says: "unknown input device type 'joystick'",
  },
  {
    name: 'a hostdev type libvirt does not know',
    input: q35([dev({ kind: 'hostdev', mode: 'subsystem', type: '-1', address: drive(0) })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainHostdevDefParseXML',
    culprit: 0,
    says: "unknown subsystem hostdev type '-1'",
  },
  {
    name: 'a hostdev mode libvirt does not know',
    input: q35([dev({ kind: 'hostdev', mode: 'sub', type: 'pci' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainHostdevDefParseXML',
    culprit: 0,
    says: "unknown hostdev mode 'sub'",
  },
  {
    name: 'a SATA drive address with target 1',
    input: q35([disk('sata', 'sda', { address: drive(0, 0, 1) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddressDrive',
    culprit: 0,
    says: 'target must be 0',
  },
  {
    name: 'a SCSI drive address naming controller 100000',
    input: q35([disk('scsi', 'sda', { address: drive(100_000) })]),
    code: 'no-free-slot',
    libvirtFunction: 'virDomainPCIAddressGetNextAddr',
    culprit: 0,
    says: 'more than the 8192 PCI slots',
  },
  {
    name: 'a SCSI host device naming controller 4294967295',
    input: q35([dev({ kind: 'hostdev', mode: 'subsystem', type: 'scsi', address: drive(4294967295) })]),
    code: 'no-free-slot',
    libvirtFunction: 'virDomainPCIAddressGetNextAddr',
    culprit: 0,
    says: 'controller 4294967295',
  },
  {
    name: 'a disk name whose index overflows',
    input: q35([disk('scsi', 'sdzzzzzzz')]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDiskDefAssignAddress',
    culprit: 0,
    says: "unknown disk name 'sdzzzzzzz'",
  },
  // other devices
  {
    name: 'a hub of an unknown type',
    input: q35([dev({ kind: 'hub', type: 'piix3-uhci', address: { type: 'usb', bus: 0, port: '1' } })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainHubDefParseXML',
    culprit: 0,
    says: "unknown hub type 'piix3-uhci'",
  },
  {
    name: 'a CCW address on x86',
    input: q35([dev({ kind: 'rng', model: 'virtio', address: { type: 'ccw', cssid: 0xfe, ssid: 0, devno: 1 } })]),
    code: 'wrong-address-type',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddress',
    culprit: 0,
    says: 'needs an s390-ccw-virtio machine',
  },
  {
    name: 'a virtio-serial address naming controller 4294967295',
    input: q35([
      dev({
        kind: 'channel',
        type: 'unix',
        targetType: 'virtio',
        address: { type: 'virtio-serial', controller: 4294967295, bus: 0, port: 1 },
      }),
    ]),
    code: 'invalid-address',
    libvirtFunction: 'virDomainDefMaybeAddController',
    culprit: 0,
    says: 'past 2147483647',
  },
  {
    name: 'a PCI host device with a spapr-vio address',
    input: {
      arch: 's390x',
      machine: 's390-ccw-virtio',
      devices: [dev({ kind: 'hostdev', mode: 'subsystem', type: 'pci', address: { type: 'spapr-vio' } })],
    },
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainHostdevDefValidate',
    culprit: 0,
    says: "a pci host device takes a pci or unassigned address, not 'spapr-vio'",
  },
  {
    name: 'a USB host device with a PCI address',
    input: q35([
      dev({ kind: 'hostdev', mode: 'subsystem', type: 'usb', address: { type: 'pci', domain: 0, bus: 0, slot: 5, function: 0 } }),
    ]),
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainHostdevDefValidate',
    culprit: 0,
    says: "a usb host device takes a usb address, not 'pci'",
  },
  {
    name: 'a smartcard with a drive address',
    input: q35([dev({ kind: 'smartcard', mode: 'host', address: drive(3, 1, 2, 5) })]),
    code: 'wrong-address-type',
    libvirtFunction: 'virDomainSmartcardDefParseXML',
    culprit: 0,
    says: 'a smartcard needs a ccid address',
  },
  {
    name: 'an unknown sound model',
    input: q35([dev({ kind: 'sound', model: 'nonsense' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainSoundDefParseXML',
    culprit: 0,
    says: "unknown sound model 'nonsense'",
  },
  {
    name: 'two DIMMs in slot 0',
    input: q35([dimm(0), dimm(0)], { memorySlots: 4, numaNodes: 1 }),
    code: 'address-conflict',
    libvirtFunction: 'qemuDomainDefValidateMemoryHotplugDevice',
    culprit: 1,
    says: "memory device slot '0' is already being used by",
  },
  {
    name: 'two DIMMs at one base',
    input: q35([dimm(0, 0x100000000), dimm(1, 0x100000000)], { memorySlots: 4, numaNodes: 1 }),
    code: 'address-conflict',
    libvirtFunction: 'qemuDomainDefValidateMemoryHotplugDevice',
    culprit: 1,
    says: "memory device base '0x100000000'",
  },
  {
    name: 'a DIMM slot past <maxMemory slots>',
    input: q35([dimm(4)], { memorySlots: 4, numaNodes: 1 }),
    code: 'invalid-address',
    libvirtFunction: 'qemuDomainDefValidateMemoryHotplugDevice',
    culprit: 0,
    says: "slot '4' exceeds the slots count '4'",
  },
  {
    name: 'watchdogs with different actions (an itco written without one takes reset)',
    input: q35([dev({ kind: 'watchdog', model: 'i6300esb', action: 'poweroff' }), dev({ kind: 'watchdog', model: 'itco' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDefWatchdogs',
    culprit: 1,
    says: "this one's is 'reset', the first one's 'poweroff'",
  },
  {
    name: 'a SCSI disk on target 3 of the lsilogic controller a pc gets by default',
    input: pc([disk('scsi', 'sda', { address: drive(0, 0, 3, 0) })]),
    code: 'invalid-address',
    libvirtFunction: 'qemuValidateDomainDeviceDefAddressDrive',
    culprit: 0,
    says: 'an lsilogic controller has a single target',
  },
  {
    name: 'two primary video cards',
    input: pc([dev({ kind: 'video', model: 'qxl', primary: true }), dev({ kind: 'video', model: 'qxl', primary: true })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefVideoValidate',
    culprit: 1,
    says: 'only one video card can be primary',
  },
  {
    name: 'two TPMs',
    input: q35([dev({ kind: 'tpm', model: 'tpm-crb' }), dev({ kind: 'tpm', model: 'tpm-tis' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDefTPMs',
    culprit: 1,
    says: 'a single TPM',
  },
  {
    name: "a video of model 'none' beside another",
    input: q35([dev({ kind: 'video', model: 'none' }), dev({ kind: 'video', model: 'virtio' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainDefVideoValidate',
    culprit: 0,
    says: "must be the domain's only video device",
  },
  {
    name: 'two smartcards',
    input: q35([dev({ kind: 'smartcard', mode: 'host' }), dev({ kind: 'smartcard', mode: 'host' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainSmartcardDef',
    culprit: 1,
    says: 'a single smartcard',
  },
  {
    name: 'a tablet on PS/2',
    input: q35([dev({ kind: 'input', type: 'tablet', bus: 'ps2' })]),
    code: 'unsupported',
    libvirtFunction: 'virDomainInputDefValidate',
    culprit: 0,
    says: 'a tablet is no PS/2 device',
  },
  {
    name: 'one host PCI device passed through twice',
    input: q35([
      dev({ kind: 'hostdev', mode: 'subsystem', type: 'pci', hostAddress: '0000:03:00.0' }),
      dev({ kind: 'hostdev', mode: 'subsystem', type: 'pci', hostAddress: '0000:03:00.0' }),
    ]),
    code: 'address-conflict',
    libvirtFunction: 'virDomainHostdevInsert',
    culprit: 1,
    says: 'passed through twice',
  },
  {
    name: 'a disk serial with a slash (QEMU gets it inside an option)',
    input: pc([disk('virtio', 'vda', { serial: 'SN-1/a b' })]),
    code: 'unsupported',
    libvirtFunction: 'qemuValidateDomainDeviceDefDiskSerial',
    culprit: 0,
    says: "disk serial 'SN-1/a b'",
  },
]

describe('define-time validation', () => {
  it.each(CASES)('$name: $code from $libvirtFunction', ({ input, code, libvirtFunction, culprit, says }) => {
    const e = rejection(expandDomain(input))
    expect(e.code).toBe(code)
    expect(e.libvirtFunction).toBe(libvirtFunction)
    if (culprit !== undefined) expect(e.deviceId).toBe(input.devices[culprit]!.id)
    expect(e.message).toContain(says)
    // never the engine's internals
    expect(e.message).not.toMatch(/connect flags|undefined|no PCI buses available/)
  })

  it('refuses a huge number before doing work that grows with it', () => {
    for (const input of [
      pc([pci('pci-bridge', { index: 1_000_000 })]),
      q35([disk('scsi', 'sda', { address: drive(4294967295) })]),
      q35([disk('sata', 'sda', { address: drive(8192) })]),
    ]) {
      const t0 = performance.now()
      expect(expandDomain(input).ok).toBe(false)
      expect(performance.now() - t0).toBeLessThan(500)
    }
  })

  it('accepts a lun on virtio-blk where the QEMU still passes SCSI through (9.0: QEMU 7.2)', () => {
    const lun = disk('virtio', 'vda', { diskDevice: 'lun', type: 'block' })
    expect(expandDomain(q35([lun]), { libvirtVersion: '9.0' }).ok).toBe(true)
    expect(expandDomain(q35([{ ...lun, bus: 'scsi', dst: 'sda' }])).ok).toBe(true)
  })

  it('accepts a read-only cdrom on SATA and a read-only disk on virtio or SCSI', () => {
    expect(expandDomain(q35([disk('sata', 'sda', { diskDevice: 'cdrom', readOnly: true })])).ok).toBe(true)
    expect(expandDomain(q35([disk('virtio', 'vda', { readOnly: true }), disk('scsi', 'sda', { readOnly: true })])).ok).toBe(true)
  })

  it('accepts what libvirt accepts at the edges', () => {
    expandOk({ arch: 'x86_64', machine: 'pc-q35-11.1', devices: [] })
    expect(expandDomain({ arch: 'x86_64', machine: 'pc-q35-7.2', devices: [] }, { libvirtVersion: '9.0' }).ok).toBe(true)
    expect(expandDomain({ arch: 'x86_64', machine: 'pc-q35-8.2', devices: [] }, { libvirtVersion: '9.0' }).ok).toBe(false)
    for (const machine of ['pc-i440fx-rhel7.6.0', 'pc-q35-rhel9.4.0', 'pc-q35-noble', 'rhel6.6.0', 'pc-1.2'])
      expect(expandDomain({ arch: 'x86_64', machine, devices: [] }).ok, machine).toBe(false)
    expect(expandDomain({ arch: 'aarch64', machine: 'virt-rhel9.2.0', devices: [] }).ok).toBe(false)
    // the oldest machine versions each release's QEMU offers
    const versions = (machine: string, libvirtVersion: '9.0' | '11.3' | '12.8') =>
      expandDomain({ arch: 'x86_64', machine, devices: [] }, { libvirtVersion }).ok
    expect(versions('pc-i440fx-5.2', '12.8')).toBe(true)
    expect(versions('pc-q35-5.1', '12.8')).toBe(false)
    expect(versions('pc-i440fx-2.4', '11.3')).toBe(true)
    expect(versions('pc-i440fx-2.3', '11.3')).toBe(false)
    expect(versions('pc-i440fx-1.4', '9.0')).toBe(true)
    expect(versions('pc-q35-2.3', '9.0')).toBe(false)
    expect(expandDomain({ arch: 'riscv64', machine: 'virt-4.0', devices: [] }).ok).toBe(true)
    expandOk(pc([pci('pci-bridge', { index: 255 })]))
    expandOk(pc([pci('pci-expander-bus', { index: 1, target: { busNr: 254 } })]))
    expandOk(q35([pci('pcie-root-port', { index: 1, target: { chassis: 255, port: 255 } })]))
    expandOk(pc([ctl(undefined, { index: 0 })]))
    expandOk(q35([dimm(0), dimm(3)], { memorySlots: 4, numaNodes: 1 }))
    expandOk(pc([disk('virtio', 'vda', { serial: 'Ab 0-9_x.y+z' }), disk('virtio', 'vdb', { serial: '' })]))
    expandOk(pc([ctl('scsi', { index: 0, model: 'virtio-scsi' }), disk('scsi', 'sda', { address: drive(0, 0, 3, 0) })]))
    // a LUN on virtio-blk while QEMU had SCSI on it (9.0's QEMU 7.2); two IOMMUs from libvirt 12
    expect(
      expandDomain(q35([dev({ kind: 'disk', type: 'block', diskDevice: 'lun', bus: 'virtio', dst: 'vdb' })]), { libvirtVersion: '9.0' }).ok,
    ).toBe(true)
    const twoIommus = q35([dev({ kind: 'iommu', model: 'intel' }), dev({ kind: 'iommu', model: 'intel' })], { features: ['acpi'] })
    expect(expandDomain(twoIommus, { libvirtVersion: '12.8' }).ok).toBe(true)
    expect(expandDomain(twoIommus, { libvirtVersion: '11.3' }).ok).toBe(false)
    const itco = expandOk(q35([dev({ kind: 'watchdog', model: 'i6300esb', action: 'poweroff' })])).devices.find((d) => d.model === 'itco')
    expect(itco?.action).toBe('poweroff')
    expandOk(pc([dev({ kind: 'watchdog', model: 'i6300esb' }), dev({ kind: 'watchdog', model: 'ib700', action: 'reset' })]))
  })
})

describe('anyMachineVersion', () => {
  // a RHEL customer's domain: libvirt on an upstream QEMU refuses its machine type
  const devices: Device[] = [
    dev({ kind: 'disk', bus: 'virtio', dst: 'vda', type: 'file' }),
    dev({ kind: 'interface', type: 'network', model: 'e1000' }),
    dev({ kind: 'interface', type: 'network', model: 'virtio' }),
    dev({ kind: 'video', model: 'qxl', primary: true }),
  ]
  const addressed = (machine: string, anyMachineVersion?: boolean) => {
    const r = expandDomain({ arch: 'x86_64', machine, devices }, anyMachineVersion ? { anyMachineVersion } : {})
    return r.ok ? { machine: r.value.machine, devices: r.value.devices } : r.error.map((e) => e.message)
  }

  it('addresses a machine type the QEMU lacks as the rest of its family', () => {
    for (const [machine, family] of [
      ['pc-q35-rhel9.4.0', 'q35'],
      ['pc-q35-noble', 'q35'],
      ['pc-q35-99.0', 'q35'],
      ['pc-i440fx-rhel7.6.0', 'pc'],
      ['rhel6.6.0', 'pc'],
      ['pc-1.2', 'pc'],
    ] as const) {
      expect(addressed(machine), machine).toEqual([expect.stringContaining(`no machine type '${machine}'`)])
      const read = addressed(machine, true)
      // note: the machine type stays the document's
      expect(read, machine).toEqual({ machine, devices: (addressed(family) as { devices: Device[] }).devices })
    }
  })

  it('still refuses a machine type devaddr does not model', () => {
    expect(addressed('microvm', true)).toEqual([
      expect.stringContaining("machine type 'microvm' of architecture 'x86_64' is not one devaddr models"),
    ])
  })
})

describe('an unknown NIC model', () => {
  it('is a PCI Express device, as libvirt treats a model it does not know', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'nonsense' })]), { newDomain: true })
    const nic = e.devices.find((x) => x.kind === 'interface')!
    const bus = nic.address?.type === 'pci' ? nic.address.bus : -1
    expect(e.devices.find((c) => c.kind === 'controller' && c.type === 'pci' && c.index === bus)?.model).toBe('pcie-root-port')
    expect(e.devices.some((c) => c.model === 'pcie-to-pci-bridge')).toBe(false)
  })

  it('keeps a known conventional PCI model behind a pcie-to-pci-bridge', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'rtl8139' })]), { newDomain: true })
    expect(e.devices.some((c) => c.model === 'pcie-to-pci-bridge')).toBe(true)
  })
})

describe('a boot order on a virtiofs filesystem', () => {
  const virtiofs: Device = { id: 'filesystem0', kind: 'filesystem', origin: 'input', driverType: 'virtiofs', bootOrder: 1 }
  const s390: DomainInput = { arch: 's390x', machine: 's390-ccw-virtio', sharedMemory: true, devices: [virtiofs] }

  it('is refused off PCI (CCW on s390) from libvirt 11, naming the filesystem', () => {
    const e = rejection(expandDomain(s390, { libvirtVersion: '11.3' }))
    expect(e.libvirtFunction).toBe('qemuValidateDomainDeviceDefFS')
    expect(e.deviceId).toBe('filesystem0')
    expect(e.message).toContain('needs a PCI address (this one is on ccw)')
  })

  it('is kept on PCI, and by the releases before the rule', () => {
    expandOk({ ...q35([virtiofs]), sharedMemory: true })
    expect(expandDomain(s390, { libvirtVersion: '9.9' }).ok).toBe(true)
  })
})

import type { MachineRef } from './machineType.ts'
import type { QemuCapability } from './qemuCapabilities.ts'

/** The libvirt releases devaddr can imitate, oldest first. */
export const LIBVIRT_VERSIONS = ['9.0', '9.9', '11.3', '12.8'] as const
export type LibvirtVersion = (typeof LIBVIRT_VERSIONS)[number]

/** The release imitated when none is named: the newest one devaddr knows. */
export const DEFAULT_LIBVIRT_VERSION: LibvirtVersion = '12.8'

/** Other names a release may be asked for by (`latest`). */
export const LIBVIRT_VERSION_ALIASES: Readonly<Record<string, LibvirtVersion>> = { latest: '12.8' }

/**
 * One candidate of a default USB controller model: taken when QEMU has `cap` (always, when
 * absent) and, with `newDomainOnly`, only when libvirt may change the guest ABI (a new domain).
 */
export interface UsbModelCandidate {
  model: string
  cap?: QemuCapability
  newDomainOnly?: boolean
  /** only for a controller without an `<address>` (s390's `none` from libvirt 11) */
  addresslessOnly?: boolean
}

/**
 * Which machines a USB default rule applies to: an arch family, optionally narrowed to the
 * ARM/RISC-V `virt` machine.
 */
export type UsbRuleMatch =
  'x86' | 'arm-virt' | 'riscv-virt' | 'arm' | 'aarch64' | 'armv7l' | 'ppc64' | 'ppc' | 's390' | 'loongarch64' | 'any'

/** A model-less `<controller type='usb'>` on a matching machine gets the first candidate QEMU has. */
export interface UsbModelRule {
  match: UsbRuleMatch
  candidates: readonly UsbModelCandidate[]
}

/**
 * Where libvirt releases (with the QEMU they are tested against) differ in what devaddr
 * models. Every field is one rule; its comment names the libvirt change and the releases on
 * each side of it. 9.9 with QEMU 8.2 is the 9.9 corpus's; 9.0 with QEMU 7.2 is Debian 12's,
 * checked live; 11.3 with QEMU 10.0 is the 11.3 corpus's (Debian 13); 12.8 with QEMU 11.1 is
 * Debian sid's, checked live.
 */
export interface LibvirtProfile {
  version: LibvirtVersion
  /** the QEMU the release is paired with: the capability set used when `qemu` names none */
  qemu: string
  /**
   * q35 gets an implicit iTCO watchdog. libvirt 9.1 (the ICH9 chipset's watchdog became a
   * device of its own, `<watchdog model='itco'>`, added to every q35 domain).
   */
  implicitItcoWatchdog: boolean
  /** watchdog models the release parses (`itco`: libvirt 9.1) */
  knownWatchdogModels: readonly string[]
  /** panic models the release parses (`pvpanic`: libvirt 9.1) */
  knownPanicModels: readonly string[]
  /** more than one `<watchdog>` (libvirt 9.1) */
  multipleWatchdogs: boolean
  /**
   * Watchdog models q35 refuses. libvirt 10.x (qemuValidateDomainDefWatchdogs: ib700 is an
   * ISA card and q35 has no ISA slot for it; seen live on 11.3 and 12.8, 9.x accepts it).
   */
  q35RejectedWatchdogs: readonly string[]
  /**
   * Arch families whose default SCSI model is virtio-scsi even when QEMU has lsi; elsewhere
   * lsilogic when QEMU has it (qemuDomainDefaultSCSIControllerModel). 9.9: aarch64 and
   * RISC-V virt took virtio-scsi, 9.0 with Debian's QEMU 7.2 lsilogic on ARM (live); 11.3
   * picks lsilogic wherever QEMU has lsi but virtio-scsi on loongarch64 (corpus:
   * aarch64-virt-default-models, riscv64-virt-default-models); 12.8 prefers virtio-scsi on
   * aarch64 again (live: an implicit SCSI controller on aarch64 virt).
   */
  virtioScsiArches: readonly ('aarch64' | 'armv7l' | 'riscv64' | 's390x' | 'loongarch64')[]
  /**
   * A SCSI controller without a model (written so, or added for a disk or a host device) takes
   * the model of the first SCSI controller in the list that has one, before the default model.
   * libvirt 12.x (seen live on 12.8 on x86: a controller 1 added for a disk after a virtio-scsi
   * controller 0 is virtio-scsi; a model-less controller 0 before a virtio-scsi controller 1 is
   * virtio-scsi; lsilogic 0, virtio-scsi 1 and a model-less 2 make 2 lsilogic; the controller a
   * SCSI hostdev adds after an index-less virtio-scsi one is virtio-scsi). 9.x and 11.x give it
   * the default model.
   */
  scsiModelFromFirstController: boolean
  /**
   * Controllers libvirt adds (virDomainDefAddController) are inserted in index order among
   * those of their type (virDomainControllerInsert) instead of appended, so they also take
   * their PCI slots in index order. libvirt 10.x; 11.3 corpus: pci-autoadd-idx,
   * pseries-many-buses-2, q35 (root ports right after pcie-root).
   */
  addedControllersInIndexOrder: boolean
  /**
   * The order USB devices get ports in. 'usb-foreach': 9.x's own list (hubs, hostdevs, disks,
   * nets, ccid, inputs, serials, sounds, redirdevs, mtp fs); 'generic': libvirt's generic device
   * iteration (hubs, disks, nets, sounds, hostdevs, ccid, serials, inputs, fs, redirdevs),
   * libvirt 10.x (virDomainUSBDeviceDefForeach dropped for virDomainDeviceInfoIterate; seen
   * live on 11.3 and 12.8).
   */
  usbDeviceOrder: 'usb-foreach' | 'generic'
  /**
   * What `<crypto>` becomes. 'dropped': Debian 12's 9.0 defines the domain without it
   * (seen live); 'pci': a virtio-crypto device on a conventional PCI slot (9.9 corpus, and
   * live on 11.3 and 12.8).
   */
  crypto: 'dropped' | 'pci'
  /**
   * What `<pstore>` becomes. 'dropped': a release before the element existed ignores it (9.0
   * defines a domain with an acpi-erst pstore without it, seen live; the 9.9 corpus has no pstore
   * case); 'kept': the acpi-erst device is kept and placed on PCI (11.3 corpus, live on 11.3 and 12.8).
   */
  pstore: 'dropped' | 'kept'
  /**
   * A USB cdrom without a medium is rejected (the usb-bot/usb-storage model chosen for a
   * cdrom in qemuDomainDeviceDiskDefPostParse cannot be empty). Seen live on 11.3 only;
   * 12.8 accepts it again.
   */
  rejectsEmptyUsbCdrom: boolean
  /**
   * A vhost-user `<interface>` needs shared guest memory, as vhost-user disks and virtiofs
   * always do (qemuValidateDomainDefVhostUserRequireSharedMemory; seen live: 11.3 and 12.8
   * refuse one without it, 9.0 defines it).
   */
  vhostUserNicNeedsSharedMemory: boolean
  /** `<sound model='virtio'>` (libvirt 10.4; 9.0 rejects it, seen live) */
  virtioSound: boolean
  /**
   * Memory hotplug (`<maxMemory slots>`, dimms) needs guest NUMA cells. 9.0 (seen live);
   * libvirt 9.x later adds a NUMA cell implicitly.
   */
  memoryHotplugNeedsNuma: boolean
  /** loongarch64 `virt` guests (libvirt 10.x: pcie-root, virtio models, no balloon or USB) */
  loongarch: boolean
  /**
   * versatilepb and realview machines: which get the implicit default USB controller
   * (pci-ohci). 9.x: versatilepb and realview-eb; 11.3: versatilepb and every realview
   * (corpus: aarch64-realview-minimal).
   */
  implicitUsbMachines: readonly string[]
  /**
   * Default model of a model-less USB controller, first matching rule, first candidate QEMU
   * has (qemuDomainDefaultUSBControllerModel). 11.x decides by device availability per arch
   * (corpus: usb-controller-default-*): ppc64 xhci for new domains else pci-ohci, aarch64
   * xhci, loongarch64 xhci, s390 none, others piix3-uhci then pci-ohci.
   */
  usbModelRules: readonly UsbModelRule[]
  /**
   * A model-less `<panic>` on ARM virt becomes pvpanic (a PCI device); earlier releases left
   * the model to QEMU (qemuDomainDefaultPanicModel; 11.3 corpus: aarch64-virt-default-models,
   * not exercised by the 9.9 corpus).
   */
  armVirtPanicPvpanic: boolean
  /**
   * USB2 controllers (EHCI masters and UHCI companions) written without an index take their
   * place by index once numbered, like indexed ones (a master before its companions, before a
   * controller of a higher index); 9.x kept them in document order (11.3 corpus: autoindex; same
   * input in 9.9 keeps the document order). Other index-less controllers keep their document
   * position in every release (live 11.3 and 12.8: an index-less SCSI, SATA, virtio-serial or
   * xHCI controller after one of index 1 stays after it as index 0).
   */
  indexlessUsb2ControllersInsertedByIndex: boolean
  /**
   * PCI controllers the address assignment adds on s390 get a zPCI extension (uid/fid) like
   * every other PCI device (qemuDomainAssignPCIAddressExtension; 11.3 corpus:
   * hostdev-vfio-zpci-boundaries, whose 9.9 output has the bridge without one).
   */
  zpciForAddedControllers: boolean
  /**
   * NVMe disks: `<target bus='nvme'>`, `nvmeXnY` target names and `<controller type='nvme'>`,
   * one emulated NVMe controller (a PCI Express endpoint) per controller index, each disk a
   * namespace on it. libvirt 11.5 (NEWS: "qemu: Add support for NVMe disks"); 9.0 and 11.3
   * refuse the bus when the XML is parsed (seen live), 12.8 defines it (seen live).
   */
  nvmeDisks: boolean
  /**
   * A virtiofs filesystem with a `<boot order>` must be on PCI: refused on CCW or virtio-mmio
   * (11.3 corpus: vhost-user-fs-ccw-bootindex; 9.9's suite has no such case).
   */
  virtiofsBootOrderNeedsPci: boolean
  /**
   * A virtio `<console>` whose virtio-serial address has no port (or port 0, as libvirt writes
   * it back) takes the lowest free port from 1 of virtio-serial controller 0, whatever
   * controller it names, so channels after it move up (qemuDomainAssignVirtioSerialAddresses
   * hands consoles a blank address). Seen live on 9.0 and 11.3; 12.8 takes no port for it (its
   * channels get the ports they would without it, and a full controller 0 refuses nothing).
   */
  partialConsoleAddressTakesPort: boolean
  /** more than one `<iommu>` (seen live: 9.0 and 11.3 refuse a second, 12.8 defines two) */
  multipleIommus: boolean
  /**
   * libvirt turns on itself what an x86 q35 guest of more than 255 vCPUs needs: an Intel IOMMU
   * with interrupt remapping and extended interrupt mode (added, or switched on where the
   * `<iommu model='intel'>` leaves them unset), and the split I/O APIC (`<ioapic driver='qemu'/>`)
   * for any Intel IOMMU with interrupt remapping, where `<features>` names no I/O APIC.
   * Seen live: 9.0 refuses such domains, 11.3 and 12.8 define them so. From libvirt 10.10
   * (tp-libvirt's test of the I/O APIC: "since 10.10.0"; the IOMMU is taken to come with it: one
   * post-parse step does both), so not 9.9.
   * @see qemuDomainDefEnableDefaultFeatures, qemuDomainIOMMUDefPostParse
   */
  iommuForManyVcpus: boolean
  /**
   * More than 255 vCPUs on x86 are refused without an IOMMU in extended interrupt mode
   * (`<driver eim='on'/>`). Seen live: 9.0 and 11.3 refuse 288 vCPUs with eim='off' or a virtio
   * IOMMU, 12.8 defines both.
   * @see qemuValidateDomainDef
   */
  manyVcpusNeedEim: boolean
  /** what the QEMU expands machine aliases to when a domain is defined */
  machineAliases: Readonly<Record<string, string>>
}

const WATCHDOGS_9_0 = ['i6300esb', 'ib700', 'diag288']
const PANICS_9_0 = ['isa', 'pseries', 'hyperv', 's390']

const USB_RULES_9: readonly UsbModelRule[] = [
  { match: 'x86', candidates: [{ model: 'piix3-uhci', cap: 'piix3-usb-uhci' }] },
  { match: 'arm-virt', candidates: [{ model: 'qemu-xhci' }] },
  { match: 'riscv-virt', candidates: [{ model: 'qemu-xhci' }] },
  { match: 'arm', candidates: [{ model: 'pci-ohci' }] },
  { match: 'ppc64', candidates: [{ model: 'qemu-xhci', newDomainOnly: true }, { model: 'pci-ohci' }] },
  { match: 's390', candidates: [{ model: 'none' }] },
]

const XHCI = [
  { model: 'qemu-xhci', cap: 'qemu-xhci' },
  { model: 'nec-xhci', cap: 'nec-usb-xhci' },
] as const satisfies readonly UsbModelCandidate[]

const USB_RULES_11: readonly UsbModelRule[] = [
  // note: 11.3 corpus s390-usb-address: a controller given a PCI address keeps no model
  { match: 's390', candidates: [{ model: 'none', addresslessOnly: true }] },
  {
    match: 'ppc64',
    candidates: [...XHCI.map((c) => ({ ...c, newDomainOnly: true })), { model: 'pci-ohci', cap: 'pci-ohci' }],
  },
  { match: 'aarch64', candidates: XHCI },
  { match: 'loongarch64', candidates: XHCI },
  // note: x86 has pci-ohci too, but libvirt leaves the model to QEMU's -usb default there
  { match: 'x86', candidates: [{ model: 'piix3-uhci', cap: 'piix3-usb-uhci' }] },
  {
    match: 'any',
    candidates: [
      { model: 'piix3-uhci', cap: 'piix3-usb-uhci' },
      { model: 'pci-ohci', cap: 'pci-ohci' },
    ],
  },
]

const PROFILE_9_9: LibvirtProfile = {
  version: '9.9',
  qemu: '8.2',
  implicitItcoWatchdog: true,
  knownWatchdogModels: [...WATCHDOGS_9_0, 'itco'],
  knownPanicModels: [...PANICS_9_0, 'pvpanic'],
  multipleWatchdogs: true,
  q35RejectedWatchdogs: [],
  virtioScsiArches: ['aarch64', 'armv7l', 'riscv64', 's390x', 'loongarch64'],
  scsiModelFromFirstController: false,
  addedControllersInIndexOrder: false,
  usbDeviceOrder: 'usb-foreach',
  crypto: 'pci',
  pstore: 'dropped',
  rejectsEmptyUsbCdrom: false,
  vhostUserNicNeedsSharedMemory: false,
  virtioSound: true,
  memoryHotplugNeedsNuma: false,
  loongarch: false,
  implicitUsbMachines: ['versatilepb', 'realview-eb'],
  usbModelRules: USB_RULES_9,
  armVirtPanicPvpanic: false,
  indexlessUsb2ControllersInsertedByIndex: false,
  zpciForAddedControllers: false,
  nvmeDisks: false,
  virtiofsBootOrderNeedsPci: false,
  partialConsoleAddressTakesPort: true,
  multipleIommus: false,
  iommuForManyVcpus: false,
  manyVcpusNeedEim: true,
  // note: libvirt's test suite keeps aliases as written; a live 9.9 would expand them to QEMU 8.2's
  machineAliases: {},
}

const PROFILE_11_3: LibvirtProfile = {
  ...PROFILE_9_9,
  version: '11.3',
  qemu: '10.0',
  q35RejectedWatchdogs: ['ib700'],
  virtioScsiArches: ['s390x', 'loongarch64'],
  addedControllersInIndexOrder: true,
  usbDeviceOrder: 'generic',
  rejectsEmptyUsbCdrom: true,
  vhostUserNicNeedsSharedMemory: true,
  loongarch: true,
  implicitUsbMachines: ['versatilepb', 'realview'],
  usbModelRules: USB_RULES_11,
  armVirtPanicPvpanic: true,
  indexlessUsb2ControllersInsertedByIndex: true,
  zpciForAddedControllers: true,
  virtiofsBootOrderNeedsPci: true,
  pstore: 'kept',
  iommuForManyVcpus: true,
}

export const LIBVIRT_PROFILES: Readonly<Record<LibvirtVersion, LibvirtProfile>> = {
  '9.0': {
    ...PROFILE_9_9,
    version: '9.0',
    qemu: '7.2',
    implicitItcoWatchdog: false,
    knownWatchdogModels: WATCHDOGS_9_0,
    knownPanicModels: PANICS_9_0,
    multipleWatchdogs: false,
    virtioScsiArches: ['riscv64', 's390x', 'loongarch64'],
    crypto: 'dropped',
    virtioSound: false,
    memoryHotplugNeedsNuma: true,
    machineAliases: { q35: 'pc-q35-7.2', pc: 'pc-i440fx-7.2', virt: 'virt-7.2' },
  },
  '9.9': PROFILE_9_9,
  '11.3': PROFILE_11_3,
  '12.8': {
    ...PROFILE_11_3,
    version: '12.8',
    qemu: '11.1',
    virtioScsiArches: ['aarch64', 's390x', 'loongarch64'],
    scsiModelFromFirstController: true,
    rejectsEmptyUsbCdrom: false,
    nvmeDisks: true,
    partialConsoleAddressTakesPort: false,
    multipleIommus: true,
    manyVcpusNeedEim: false,
  },
}

/** The release a name stands for (`12.8`, `latest`), or undefined when devaddr has none by it. */
export function libvirtVersionNamed(name: string): LibvirtVersion | undefined {
  if ((LIBVIRT_VERSIONS as readonly string[]).includes(name)) return name as LibvirtVersion
  return LIBVIRT_VERSION_ALIASES[name]
}

/** The machine type as the profile's QEMU records it. */
export function canonicalMachine(profile: LibvirtProfile, m: MachineRef): string {
  return profile.machineAliases[m.machine] ?? m.machine
}

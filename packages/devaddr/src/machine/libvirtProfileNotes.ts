import type { LibvirtProfile } from './libvirtProfile.ts'

/**
 * Each difference between release profiles in one line a person can read: what changed and
 * since when (the field's own doc comment has the evidence). Typed over every field, so a new
 * field of `LibvirtProfile` does not compile without its note. `driftDocument` prints these.
 */
export const LIBVIRT_PROFILE_NOTES: Readonly<Record<Exclude<keyof LibvirtProfile, 'version'>, string>> = {
  qemu: 'each release is paired with another QEMU, whose devices and defaults differ',
  implicitItcoWatchdog: 'from libvirt 9.1, every q35 guest gets the ICH9 iTCO watchdog as a <watchdog model="itco"> device',
  knownWatchdogModels: 'the itco watchdog model exists from libvirt 9.1',
  knownPanicModels: 'the pvpanic panic model exists from libvirt 9.1',
  multipleWatchdogs: 'more than one <watchdog> is accepted from libvirt 9.1',
  q35RejectedWatchdogs: 'from libvirt 10, q35 refuses the ib700 watchdog (an ISA card: q35 has no ISA slot)',
  virtioScsiArches: 'which architectures default an implicit SCSI controller to virtio-scsi rather than lsilogic changed between releases',
  scsiModelFromFirstController:
    'from libvirt 12, a SCSI controller without a model takes the model of the first SCSI controller that has one',
  addedControllersInIndexOrder:
    'from libvirt 10, controllers libvirt adds are inserted in index order, so they take PCI slots in index order',
  usbDeviceOrder: "from libvirt 11, USB ports are handed out in libvirt's generic device order, not USB devices first",
  crypto: 'libvirt 9.0 drops <crypto>; later releases keep it and place it as a conventional PCI device',
  pstore: 'releases before the <pstore> element (libvirt 9.x) drop it; from libvirt 10 an acpi-erst pstore is a PCI device',
  vhostUserNicNeedsSharedMemory: 'from libvirt 11, a vhost-user interface needs shared guest memory (9.0 defines it without)',
  rejectsEmptyUsbCdrom: 'libvirt 11.3 refuses a USB cdrom without a medium (12.8 accepts it again)',
  virtioSound: 'libvirt 9.0 refuses virtio sound devices',
  memoryHotplugNeedsNuma: 'libvirt 9.0 refuses memory hotplug without guest NUMA cells',
  loongarch: 'loongarch64 virt machines exist from libvirt 10',
  implicitUsbMachines: 'which versatilepb/realview machines get an implicit USB controller changed in libvirt 11',
  usbModelRules: "the model of a controller written without one follows each release's per-architecture USB defaults",
  armVirtPanicPvpanic: 'from libvirt 11, a model-less <panic> on ARM virt becomes pvpanic, a PCI device',
  indexlessUsb2ControllersInsertedByIndex:
    'from libvirt 11, USB2 controllers written without an index are placed by index once numbered (a master before its companions)',
  zpciForAddedControllers: 'from libvirt 11, PCI controllers added on s390 get a zPCI uid/fid like other PCI devices',
  nvmeDisks:
    'from libvirt 11.5, NVMe disks (bus nvme, nvmeXnY names) each a namespace of an implicit <controller type="nvme"> that carries their serial',
  virtiofsBootOrderNeedsPci: 'from libvirt 11, a virtiofs filesystem with a boot order must be on PCI (not CCW or virtio-mmio)',
  partialConsoleAddressTakesPort:
    'until libvirt 12, a virtio console with a port-less virtio-serial address takes a port of controller 0, moving later channels up',
  multipleIommus: 'libvirt 12 accepts more than one <iommu> (earlier releases refuse a second)',
  iommuForManyVcpus:
    "from libvirt 10.10, a q35 guest of more than 255 vCPUs gets the Intel IOMMU (intremap, eim) and split I/O APIC it needs, and an IOMMU with intremap the <ioapic driver='qemu'/> it needs",
  manyVcpusNeedEim: 'until libvirt 12, more than 255 vCPUs on x86 are refused without an IOMMU in extended interrupt mode',
  machineAliases: "a live libvirt records machine aliases (q35, pc, virt) as its QEMU's versioned machine type",
}

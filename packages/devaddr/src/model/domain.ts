import type { LibvirtProfile, LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { QemuCapabilities } from '../machine/qemuCapabilities.ts'
import type { Policy } from '../policy/policy.ts'
import type { Device } from './device.ts'

/** The guest as the engine needs it: arch, machine type and the device list. */
export interface DomainInput {
  /** `<os><type arch>`: x86_64, i686, aarch64, ppc64, ppc64le, s390x, riscv64 */
  arch: string
  /** `<os><type machine>` exactly as written (`pc`, `pc-q35-8.2`, `virt`…) */
  machine: string
  /** `<domain type>`: qemu, kvm */
  domainType?: string
  devices: Device[]
  /** `<vcpu>` count, the most vCPUs (above 255 on x86, an IOMMU with extended interrupt mode is needed) */
  vcpus?: number
  /** guest NUMA cells (`<cpu><numa><cell>`) */
  numaNodes?: number
  /** guest RAM (`<memory>`) in MiB; policies that scale with it read it (KubeVirt v3) */
  memoryMiB?: number
  /** `<maxMemory slots>`: memory hotplug DIMM slots */
  memorySlots?: number
  /** pSeries/aarch64 and others read `<features>` and firmware; kept as names */
  features?: string[]
  /**
   * `<features><ioapic driver>`: `qemu` is the split I/O APIC that an IOMMU's interrupt
   * remapping needs, `kvm` the in-kernel one
   */
  ioapic?: string
  /** `efi` when the guest boots UEFI (`<os firmware='efi'>`, or a pflash `<loader>`) */
  firmware?: 'efi' | 'bios'
  /** the domain names its boot devices in `<os><boot dev>` (which rules out per-device `<boot order>`) */
  osBoot?: boolean
  /**
   * All guest RAM is shared memory, which vhost-user devices and virtiofs need: without NUMA
   * cells `<memoryBacking><access mode='shared'>`; with them, each cell `memAccess='shared'`
   * or left to a shared `<memoryBacking>`.
   */
  sharedMemory?: boolean
}

/** How the input is being read, mirroring libvirt's parse flags. */
export interface ExpandOptions {
  /**
   * true: a new domain (`virsh define`, libvirt's ABI_UPDATE parse): USB ports are assigned.
   * false: re-reading a stored config (libvirt's xml2xml tests).
   * Default true.
   */
  newDomain?: boolean
  /** Addressing policy; default `LIBVIRT_POLICY` (exactly libvirt). */
  policy?: Policy
  /**
   * The QEMU whose devices the engine assumes (`10.0`, `8.2.0`): the recorded capability set
   * of that version for the domain's arch (QEMU_CAPS_TABLE). Default: the profile's own QEMU
   * (9.0: 7.2, 9.9: 8.2, 11.3: 10.0, 12.8: 11.1).
   */
  qemu?: string
  /** Single capabilities the target QEMU lacks, on top of `qemu`'s. */
  qemuCaps?: QemuCapabilities
  /** The libvirt release to imitate; default '12.8', the newest (see LIBVIRT_PROFILES for the differences). */
  libvirtVersion?: LibvirtVersion
  /**
   * A release profile given in full, instead of `libvirtVersion`'s: what-if runs that change one
   * difference between two releases at a time (`driftDocument` finds each change's cause this way).
   */
  profile?: LibvirtProfile
  /**
   * false: skip the explanations (`Expansion.explanations` is empty), which a caller that only
   * writes the expansion never reads; the addresses are the same. Default true.
   */
  explain?: boolean
  /**
   * false: skip the warnings (`Expansion.warnings` is empty), which a caller that writes only
   * the domain XML never reads; the addresses are the same. Default true.
   */
  warnings?: boolean
  /**
   * false: the expansion's devices are the engine's own working objects, not copied into plain
   * data: every field of `Device` is present (undefined where a device has none), beside fields
   * only the engine reads. For a caller that reads the devices once and drops them, as
   * `expandDomainXml`'s writer does; do not serialize or keep them. The addresses are the same.
   * Default true.
   */
  plainDevices?: boolean
  /**
   * true: the engine works on the input's device objects themselves, not on copies, and changes
   * them (addresses, defaults). For a caller that built the input for this one call and drops it
   * (`expandDomainXml` parses its own); devices made with `newWorkingDevice` are read fastest.
   * Default false: the input is never changed.
   */
  adoptInput?: boolean
  /**
   * true: a machine type the target QEMU does not offer (a distribution's own name such as
   * `pc-q35-rhel9.4.0` or `pc-i440fx-noble`, or a version the QEMU lacks) is addressed as the
   * rest of its family (pc-q35, pc-i440fx, virt…), where libvirt refuses the domain. For reading
   * a domain from another host (a RHEL or Ubuntu customer's file): what this release would do
   * with it were the machine type its own. Machine types devaddr does not model are still
   * refused. Default false, as libvirt.
   */
  anyMachineVersion?: boolean
}

/** Why a device is where it is: one line per decision, in order. */
export interface Explanation {
  /** device id */
  device: string
  steps: string[]
}

/** A limit the guest is close to or past (IO port space, bus numbers, root port count). */
export interface ExpansionWarning {
  code: 'io-port-space' | 'bus-numbers' | 'root-port-count' | 'hotplug-slots'
  message: string
  /** stable ids of the devices the warning is about (empty when it is about the whole guest) */
  deviceIds?: string[]
}

/** The full, addressed device list, in libvirt's XML output order. */
export interface Expansion {
  arch: string
  machine: string
  devices: Device[]
  /** the policy that made this expansion */
  policy: { name: string; version: number }
  /** per device, why it went where it did (devices the engine did not move have none) */
  explanations: Explanation[]
  warnings: ExpansionWarning[]
}

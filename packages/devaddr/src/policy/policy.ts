/**
 * Addressing policies: libvirt's fixed behaviour is the policy named `libvirt`; the others
 * are data (name, version, tunables) so that an output can say which rules made it, and a
 * later release can keep old versions byte-stable.
 */

/** How many empty, hotpluggable root ports to leave on a PCIe machine. */
export type SparePortsSetting =
  /** exactly libvirt: one spare root port for a new domain whose PCI controllers libvirt added */
  | 'libvirt'
  /** KubeVirt v3: at least 8 (≤2 GiB) or 16 ports in all, with 3 or 6 of them free */
  | 'kubevirt-v3'
  /** virt-install: 14 root ports in all */
  | 'virt-install'
  /** oVirt: 16 root ports in all */
  | 'ovirt'
  /** a number of free root ports to leave after every device is placed */
  | { free: number }
  /** a total number of root ports (Nova `num_pcie_ports`), at least every device's */
  | { total: number }

/** Global tunables. Every field is optional; absent means "as libvirt does". */
export interface PolicyTunables {
  sparePorts?: SparePortsSetting
  /** guest RAM in MiB for presets that scale with it (KubeVirt v3); default: the domain's `memoryMiB` */
  memoryMiB?: number
  /**
   * Place each device whose `numaNode` is set behind an expander bus of that guest NUMA node
   * (pcie-expander-bus on q35/virt, pci-expander-bus on pc). Default true.
   */
  numaExpanderBuses?: boolean
  /** Default connection for devices that can be either: `pcie` (libvirt on q35) or `pci`. */
  placement?: 'auto' | 'pci' | 'pcie'
  /**
   * Put every endpoint directly on the root complex (bus 0), like KubeVirt's
   * placePCIDevicesOnRootComplex; fails when bus 0 is full.
   */
  rootComplexOnly?: boolean
  /**
   * Root-port hotplug: `on` (libvirt), `off` on every occupied port, or `off-when-occupied`
   * (KubeVirt: off on ports holding anything but a NIC). Empty spare ports stay hotpluggable.
   */
  rootPortHotplug?: 'on' | 'off' | 'off-when-occupied'
  /** Root ports as functions of one slot (libvirt) or one slot each. */
  rootPortGrouping?: 'multifunction' | 'distinct-slots'
  /** Slots on bus 0 never to use, e.g. [3, 4]. */
  reservedSlots?: number[]
}

/** A named, versioned policy. */
export interface Policy {
  name: string
  version: number
  tunables: PolicyTunables
}

/** The default: exactly what libvirt 9.9 does. */
export const LIBVIRT_POLICY: Policy = { name: 'libvirt', version: 1, tunables: {} }

/** True when a policy changes nothing libvirt would do. */
export function isLibvirtPolicy(p: Policy): boolean {
  return Object.values(p.tunables).every((v) => v === undefined || v === 'libvirt')
}

/**
 * PCI connection flags: what a device needs from the slot it plugs into, and what a bus
 * offers downstream. Mirrors libvirt's virDomainPCIConnectFlags bit set.
 * @see virDomainPCIConnectFlags (src/conf/domain_addr.h)
 */

export const HOTPLUGGABLE = 1 << 0
export const AUTOASSIGN = 1 << 1
export const INTEGRATED = 1 << 2
/** a pcie-root-port may share a slot with other root ports, as functions */
export const AGGREGATE_SLOT = 1 << 3
export const PCI_DEVICE = 1 << 4
export const PCIE_DEVICE = 1 << 5
export const PCIE_ROOT_PORT = 1 << 6
export const PCIE_SWITCH_UPSTREAM_PORT = 1 << 7
export const PCIE_SWITCH_DOWNSTREAM_PORT = 1 << 8
export const DMI_TO_PCI_BRIDGE = 1 << 9
export const PCI_EXPANDER_BUS = 1 << 10
export const PCIE_EXPANDER_BUS = 1 << 11
export const PCI_BRIDGE = 1 << 12
export const PCIE_TO_PCI_BRIDGE = 1 << 13

export const TYPES_ENDPOINT = PCI_DEVICE | PCIE_DEVICE
export const TYPES_MASK =
  PCI_DEVICE |
  PCIE_DEVICE |
  PCIE_ROOT_PORT |
  PCIE_SWITCH_UPSTREAM_PORT |
  PCIE_SWITCH_DOWNSTREAM_PORT |
  DMI_TO_PCI_BRIDGE |
  PCI_EXPANDER_BUS |
  PCIE_EXPANDER_BUS |
  PCI_BRIDGE |
  PCIE_TO_PCI_BRIDGE

export type ConnectFlags = number

/** What the device needs, in words (for messages). */
export function describeConnectType(flags: ConnectFlags): string {
  if (flags & PCI_DEVICE) return 'standard PCI device'
  if (flags & PCIE_DEVICE) return 'PCI Express device'
  if (flags & PCIE_ROOT_PORT) return 'pcie-root-port'
  if (flags & PCIE_SWITCH_UPSTREAM_PORT) return 'pcie-switch-upstream-port'
  if (flags & PCIE_SWITCH_DOWNSTREAM_PORT) return 'pcie-switch-downstream-port'
  if (flags & DMI_TO_PCI_BRIDGE) return 'dmi-to-pci-bridge'
  if (flags & PCIE_TO_PCI_BRIDGE) return 'pcie-to-pci-bridge'
  if (flags & PCI_EXPANDER_BUS) return 'pci-expander-bus'
  if (flags & PCIE_EXPANDER_BUS) return 'pcie-expander-bus'
  if (flags & PCI_BRIDGE) return 'pci-bridge'
  return 'unknown connection'
}

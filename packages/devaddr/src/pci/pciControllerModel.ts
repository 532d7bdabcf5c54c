import * as F from './connectFlags.ts'

/** The `model` of a `<controller type='pci'>`. */
const PCI_CONTROLLER_MODELS = [
  'pci-root',
  'pcie-root',
  'pci-bridge',
  'dmi-to-pci-bridge',
  'pcie-to-pci-bridge',
  'pcie-root-port',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'pci-expander-bus',
  'pcie-expander-bus',
] as const

export type PciControllerModel = (typeof PCI_CONTROLLER_MODELS)[number]

export function isPciControllerModel(m: string | undefined): m is PciControllerModel {
  return m !== undefined && (PCI_CONTROLLER_MODELS as readonly string[]).includes(m)
}

/**
 * The connection a PCI controller itself needs upstream.
 * @see virDomainPCIControllerModelToConnectType
 */
export function pciControllerConnectType(model: PciControllerModel): F.ConnectFlags {
  switch (model) {
    case 'pci-root':
    case 'pcie-root':
      return 0
    case 'pci-bridge':
      return F.PCI_BRIDGE
    case 'pci-expander-bus':
      return F.PCI_EXPANDER_BUS
    case 'pcie-expander-bus':
      return F.PCIE_EXPANDER_BUS
    case 'dmi-to-pci-bridge':
      return F.DMI_TO_PCI_BRIDGE
    case 'pcie-to-pci-bridge':
      return F.PCIE_TO_PCI_BRIDGE
    case 'pcie-root-port':
      return F.PCIE_ROOT_PORT | F.AGGREGATE_SLOT
    case 'pcie-switch-upstream-port':
      return F.PCIE_SWITCH_UPSTREAM_PORT
    case 'pcie-switch-downstream-port':
      return F.PCIE_SWITCH_DOWNSTREAM_PORT
  }
}

/** Which controller model provides a slot for a connection type (for messages). */
export function pciControllerModelForConnectType(flags: F.ConnectFlags): PciControllerModel | undefined {
  if (flags & F.PCIE_ROOT_PORT) return 'pcie-root-port'
  if (flags & F.PCIE_SWITCH_UPSTREAM_PORT) return 'pcie-switch-upstream-port'
  if (flags & F.PCIE_SWITCH_DOWNSTREAM_PORT) return 'pcie-switch-downstream-port'
  if (flags & F.DMI_TO_PCI_BRIDGE) return 'dmi-to-pci-bridge'
  if (flags & F.PCI_EXPANDER_BUS) return 'pci-expander-bus'
  if (flags & F.PCIE_EXPANDER_BUS) return 'pcie-expander-bus'
  if (flags & F.PCI_BRIDGE) return 'pci-bridge'
  return undefined
}

/**
 * The QEMU device name libvirt records as `<model name>`.
 * @see qemuDomainPCIControllerSetDefaultModelName
 */
export function pciControllerModelName(model: PciControllerModel, isPSeries: boolean, hasPcieRootPort = true): string | undefined {
  switch (model) {
    case 'pci-bridge':
      return 'pci-bridge'
    case 'dmi-to-pci-bridge':
      return 'i82801b11-bridge'
    case 'pcie-to-pci-bridge':
      return 'pcie-pci-bridge'
    case 'pcie-root-port':
      return hasPcieRootPort ? 'pcie-root-port' : 'ioh3420'
    case 'pcie-switch-upstream-port':
      return 'x3130-upstream'
    case 'pcie-switch-downstream-port':
      return 'xio3130-downstream'
    case 'pci-expander-bus':
      return 'pxb'
    case 'pcie-expander-bus':
      return 'pxb-pcie'
    case 'pci-root':
      return isPSeries ? 'spapr-pci-host-bridge' : undefined
    case 'pcie-root':
      return undefined
  }
}

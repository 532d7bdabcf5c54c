/** What a bus is called, by controller model: shared by the canvas and the SVG export. */
const BUS_TITLES: Record<string, string> = {
  'pcie-root': 'PCIe root complex',
  'pci-root': 'PCI root bus',
  'pcie-expander-bus': 'PCIe expander bus',
  'pci-expander-bus': 'PCI expander bus',
  'pci-bridge': 'PCI bridge',
  'pcie-to-pci-bridge': 'PCIe-to-PCI bridge',
  'dmi-to-pci-bridge': 'DMI-to-PCI bridge',
  'pcie-switch-upstream-port': 'PCIe switch',
}

const PORT_TITLES: Record<string, string> = {
  'pcie-root-port': 'root port',
  'pcie-switch-downstream-port': 'downstream port',
}

/** `PCIe root complex` for `pcie-root`; the model itself when it has no title. */
export const busTitle = (model: string): string => BUS_TITLES[model] ?? model

/** `root port` for `pcie-root-port`; the model itself when it has no short name. */
export const portTitle = (model: string): string => PORT_TITLES[model] ?? model

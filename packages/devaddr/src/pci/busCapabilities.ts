import * as F from './connectFlags.ts'
import type { PciControllerModel } from './pciControllerModel.ts'

const SLOT_LAST = 31

/** What a bus accepts downstream and which of its slots devices may use. */
export interface BusCapabilities {
  flags: F.ConnectFlags
  minSlot: number
  maxSlot: number
}

/**
 * What each PCI controller model offers the devices plugged into it: connection types,
 * hotplug (unless `hotplug='off'`), auto-assignment, and the slot range.
 * @see virDomainPCIAddressBusSetModel
 */
export function busCapabilities(model: PciControllerModel, allowHotplug: boolean): BusCapabilities {
  const hp = allowHotplug ? F.HOTPLUGGABLE : 0
  let flags: F.ConnectFlags
  let minSlot = 0
  let maxSlot = SLOT_LAST
  switch (model) {
    case 'pci-root':
      flags = F.AUTOASSIGN | F.PCI_DEVICE | F.PCI_BRIDGE | F.PCI_EXPANDER_BUS | hp
      minSlot = 1
      break
    case 'pci-bridge':
      flags = F.AUTOASSIGN | F.PCI_DEVICE | F.PCI_BRIDGE | hp
      minSlot = 1
      break
    case 'pci-expander-bus':
      flags = F.AUTOASSIGN | F.PCI_DEVICE | F.PCI_BRIDGE | hp
      break
    case 'pcie-root':
      flags = F.PCIE_DEVICE | F.PCIE_ROOT_PORT | F.DMI_TO_PCI_BRIDGE | F.PCIE_EXPANDER_BUS
      minSlot = 1
      break
    case 'dmi-to-pci-bridge':
      flags = F.PCI_DEVICE | F.PCI_BRIDGE
      break
    case 'pcie-to-pci-bridge':
      flags = F.AUTOASSIGN | F.PCI_DEVICE | F.PCI_BRIDGE | hp
      minSlot = 1
      break
    case 'pcie-root-port':
    case 'pcie-switch-downstream-port':
      flags = F.AUTOASSIGN | F.PCIE_DEVICE | F.PCIE_SWITCH_UPSTREAM_PORT | F.PCIE_TO_PCI_BRIDGE | hp
      maxSlot = 0
      break
    case 'pcie-switch-upstream-port':
      flags = F.PCIE_SWITCH_DOWNSTREAM_PORT
      break
    case 'pcie-expander-bus':
      flags = F.PCIE_ROOT_PORT | F.DMI_TO_PCI_BRIDGE
      break
  }
  return { flags, minSlot, maxSlot }
}

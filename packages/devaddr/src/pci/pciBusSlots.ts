import { busCapabilities } from './busCapabilities.ts'
import * as F from './connectFlags.ts'
import { isPciControllerModel, pciControllerConnectType } from './pciControllerModel.ts'

/** What a PCI controller offers the devices plugged into it, in the terms a front end needs. */
export interface PciBusSlots {
  /** the first slot devices may use (1 on buses whose slot 0 is the host bridge or the bridge itself) */
  minSlot: number
  /** the last slot devices may use (0 on a port: it has a single slot) */
  maxSlot: number
  /** devices on this bus can be hot-plugged (false when the bus never allows it, or `hotplug='off'`) */
  hotpluggable: boolean
  /** a single-slot port (pcie-root-port, pcie-switch-downstream-port): one device, in slot 0 */
  takesOneDevice: boolean
  /** an expander bus (pxb, pxb-pcie): a root bus of its own, local to a guest NUMA node */
  expander: boolean
}

/**
 * The slots a PCI controller model offers and whether it takes hotplugged devices, from the
 * engine's bus capability table, so that front ends need no copy of libvirt's rules.
 *
 * @param model a `<controller type='pci'>` model, e.g. `pcie-root-port`
 * @param hotplug the controller's `<target hotplug>`; `off` makes the bus not hotpluggable
 * @returns undefined when `model` is not a PCI controller model
 * @example pciBusSlots('pcie-root') // { minSlot: 1, maxSlot: 31, hotpluggable: false, takesOneDevice: false, expander: false }
 * @see virDomainPCIAddressBusSetModel
 * @public
 */
export function pciBusSlots(model: string | undefined, hotplug?: 'on' | 'off'): PciBusSlots | undefined {
  if (!isPciControllerModel(model)) return undefined
  const { flags, minSlot, maxSlot } = busCapabilities(model, hotplug !== 'off')
  const upstream = pciControllerConnectType(model)
  return {
    minSlot,
    maxSlot,
    hotpluggable: (flags & F.HOTPLUGGABLE) !== 0,
    takesOneDevice: minSlot === maxSlot,
    expander: (upstream & (F.PCI_EXPANDER_BUS | F.PCIE_EXPANDER_BUS)) !== 0,
  }
}

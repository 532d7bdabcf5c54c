import type { DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import { formatPciAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import * as F from '../pci/connectFlags.ts'
import type { PciAddressSet } from '../pci/pciAddressSet.ts'
import type { SparePortTarget } from './effectivePolicy.ts'

const isRootPort = (c: Device) => c.kind === 'controller' && c.type === 'pci' && c.model === 'pcie-root-port'

/**
 * Adds empty root ports until the policy's spare count holds. Runs after every device has
 * its slot, so spares never push a device elsewhere; a re-expansion counts the spares it
 * finds and adds none.
 */
export function addSparePorts(def: DomainDef, addrs: PciAddressSet, target: SparePortTarget, distinctSlots: boolean): void {
  if (def.findController('pci', 0)?.model !== 'pcie-root') return
  const ports = def.controllers.filter(isRootPort)
  const free = ports.filter((p) => p.target?.hotplug !== 'off' && !addrs.slotInUse({ bus: p.index ?? -1, slot: 0, function: 0 }))
  let needed = Math.max(target.free - free.length, target.total - ports.length, 0)
  const flags = F.PCIE_ROOT_PORT | (distinctSlots ? 0 : F.AGGREGATE_SLOT)
  while (needed-- > 0) {
    const index = addrs.nbuses
    if (index > target.maxIndex)
      fail('no-free-slot', `the policy's spare root ports would need controller index ${index}, above the limit ${target.maxIndex}`, {
        libvirtFunction: null,
      })
    addrs.addBus('pcie-root-port', true)
    const port = def.newController('pci', index, 'pcie-root-port', 'auto')
    // note: a port that finds no slot never joins the domain, so no device id names it
    const a = addrs.reserveNext(flags, 0, -1, { label: `controller pci index ${index}` })
    port.address = { type: 'pci', domain: 0, bus: a.bus, slot: a.slot, function: a.function }
    def.addController(port)
    def.trace.note(
      port,
      `spare hotplug root port added by policy (${target.free} free / ${target.total} total wanted) at ${formatPciAddress(port.address)}`,
    )
  }
}

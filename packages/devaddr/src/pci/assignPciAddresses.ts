import type { DomainDef } from '../domain/domainDef.ts'
import { formatPciAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import { addSparePorts } from '../policy/addSparePorts.ts'
import type { EffectivePolicy } from '../policy/effectivePolicy.ts'
import { type PinnedDevice, placeNumaDevices } from '../policy/placeNumaDevices.ts'
import { setRootPortHotplug } from '../policy/setRootPortHotplug.ts'
import { assignDeviceSlots } from './assignDeviceSlots.ts'
import { type ChipsetContext, reserveChipsetSlots } from './chipsetSlots.ts'
import * as F from './connectFlags.ts'
import type { PciAddressSet } from './pciAddressSet.ts'
import { setAllMulti, setControllerDefaults } from './pciControllerDefaults.ts'
import { assignZpci, computeFlags, createAddressSet, hasRoot, newPciPass, pciOf, type PciPass, supportsPci } from './pciPass.ts'

/** Slots a policy keeps free on bus 0, held by a placeholder after the chipset step. */
function reservePolicySlots(pass: PciPass, addrs: PciAddressSet): void {
  for (const slot of pass.policy.reservedSlots) {
    const a = { bus: 0, slot, function: 0 }
    if (addrs.nbuses === 0 || addrs.slotInUse(a)) continue
    addrs.reserve(a, F.PCIE_DEVICE | F.PCI_DEVICE, 0, true, { label: 'a slot the policy keeps free' })
  }
}

/** Highest index among PCI controllers, optionally only those libvirt would see as the user's. */
function maxPciIndex(def: DomainDef, userOnly: boolean): number {
  let max = -1
  for (const c of def.controllers)
    if (c.type === 'pci' && c.index !== undefined && !(userOnly && c.origin === 'auto')) max = Math.max(max, c.index)
  return max
}

/**
 * PCI address assignment: a dry run that finds which controllers are missing and adds them,
 * then the real assignment, multifunction flags and controller defaults. Policy steps hook in
 * where they cannot move a device libvirt would place: reserved slots before assignment,
 * spare ports and hotplug switches after it.
 * @see qemuDomainAssignPCIAddresses
 */
export function assignPciAddresses(def: DomainDef, policy: EffectivePolicy, pinned: readonly PinnedDevice[] = []): void {
  const maxIdx = maxPciIndex(def, false)
  // note: controllers a policy added for NUMA placement do not count as the user's own
  const userMaxIdx = maxPciIndex(def, true)
  let nbuses = maxIdx + 1
  const pass = newPciPass(def, policy)

  const chipsetContext = (addrs: PciAddressSet): ChipsetContext => ({
    addrs,
    assignNext: (d) => {
      const a = addrs.reserveNext(pass.flags.get(d) ?? 0, 0, -1, d)
      if (!addrs.dryRun) d.address = pciOf(a)
    },
  })

  if (nbuses > 0) {
    const addrs = createAddressSet(pass, nbuses, true)
    reserveChipsetSlots(def, chipsetContext(addrs))
    reservePolicySlots(pass, addrs)
    if (hasRoot(def, 'pci-root') && !addrs.buses.every((b) => addrs.isBusFullyReserved(b)))
      // note: one spare legacy slot, so that bus 0 filling up exactly still adds a pci-bridge
      addrs.reserveNext(F.AUTOASSIGN | F.PCI_DEVICE, 0, -1, undefined)
    assignDeviceSlots(pass, addrs)
    assignZpci(pass, addrs)
    let spareCause: string | undefined
    if (policy.libvirtSpare && userMaxIdx <= 0 && addrs.nbuses > maxIdx + 1 && hasRoot(def, 'pcie-root')) {
      // note: libvirt manages this topology, so it leaves one empty root port for hotplug
      const before = addrs.nbuses
      addrs.reserveNext(F.AUTOASSIGN | F.PCIE_DEVICE, 0, -1, undefined)
      if (addrs.nbuses > before) spareCause = 'the spare hotplug port libvirt leaves in a new domain whose PCI controllers it added'
    }
    const reserveAddedControllerSlot = (added: Device, i: number): void => {
      const bus = addrs.buses[i]!
      if (def.trace.enabled)
        def.trace.note(added, () => {
          const cause = addrs.growthCause(i) ?? (i === addrs.nbuses - 1 ? spareCause : undefined)
          return cause ? `added for ${cause}` : `added to fill the gap in PCI controller indexes (bus ${i} was named but had no controller)`
        })
      const flags = computeFlags(pass, added)
      if (bus.model !== 'pci-root' && bus.model !== 'pcie-root') addrs.reserveNext(flags, 0, -1, added)
    }
    // note: the controllers of the buses known so far join the domain in one call; reserving
    // their slots can grow the set, and the buses that adds join in the next round
    for (let first = 1; first < addrs.nbuses;) {
      const round = addrs.buses.slice(first).map((bus, k) => ({ index: first + k, model: bus.model }))
      const controllers = def.maybeAddControllers('pci', round, 'auto')
      first = addrs.nbuses
      for (let k = 0; k < round.length; k++) {
        const added = controllers[k]
        if (added) reserveAddedControllerSlot(added, round[k]!.index)
      }
    }
    nbuses = addrs.nbuses
  }

  const addrs = createAddressSet(pass, nbuses, false)
  if (!supportsPci(def)) return
  reserveChipsetSlots(def, chipsetContext(addrs))
  reservePolicySlots(pass, addrs)
  assignDeviceSlots(pass, addrs)
  assignZpci(pass, addrs)
  placeNumaDevices(def, addrs, pinned)
  if (policy.spare) addSparePorts(def, addrs, policy.spare, policy.distinctSlots)
  setAllMulti(def)
  setControllerDefaults(def)
  setRootPortHotplug(def, policy)
  explainPlacements(def, pass)
}

/** The last word on every PCI device: where it ended up and on what kind of slot. */
function explainPlacements(def: DomainDef, pass: PciPass): void {
  if (!def.trace.enabled) return
  const byIndex = new Map<number, Device>()
  for (const c of def.controllers) if (c.type === 'pci' && c.index !== undefined) byIndex.set(c.index, c)
  for (const d of def.iterate()) {
    if (d.address?.type !== 'pci' || def.chipsetPlaced.has(d) || def.policyPlaced.has(d)) continue
    const flags = pass.flags.get(d) ?? 0
    const kind = flags & F.PCIE_DEVICE ? 'a PCI Express slot' : flags & F.PCI_DEVICE ? 'a conventional PCI slot' : undefined
    const bus = byIndex.get(d.address.bus)
    const on = bus ? `${bus.model} index ${bus.index}` : `bus ${d.address.bus}`
    const given = d.origin === 'input' && pass.given.has(d)
    def.trace.note(
      d,
      `${given ? 'kept its address from the input' : 'placed'} at ${formatPciAddress(d.address)} on ${on}${kind && !given ? ` (needs ${kind})` : ''}`,
    )
  }
}

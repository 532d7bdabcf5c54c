import type { DomainDef } from '../domain/domainDef.ts'
import { workingCopy } from '../domain/workingDevice.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isArmVirt, isI440fx, isQ35 } from '../machine/machineType.ts'
import { formatPciAddress, type PciAddress } from '../model/address.ts'
import { type Device, deviceLabel } from '../model/device.ts'
import * as F from '../pci/connectFlags.ts'
import { connectFlavours, deviceConnectFlags } from '../pci/deviceConnectFlags.ts'
import { isPciWanted } from '../pci/pciAddressPredicates.ts'
import type { PciAddressSet, PciSlotAddress } from '../pci/pciAddressSet.ts'
import type { PciControllerModel } from '../pci/pciControllerModel.ts'
import type { EffectivePolicy } from './effectivePolicy.ts'

/** A device pinned to a NUMA node, held back from libvirt's assignment. */
export interface PinnedDevice {
  device: Device
  node: number
  /** the device plugs into conventional PCI (a pcie-to-pci-bridge on q35) */
  conventional: boolean
}

const pciOf = (a: PciSlotAddress): PciAddress => ({ type: 'pci', domain: 0, bus: a.bus, slot: a.slot, function: a.function })

/**
 * Takes the devices pinned to a guest NUMA node (`numaNode`) out of libvirt's assignment, so
 * that pinning a device never moves another one. They are placed by `placeNumaDevices` once
 * libvirt's assignment is done.
 */
export function holdNumaDevices(def: DomainDef, policy: EffectivePolicy): PinnedDevice[] {
  if (!policy.numaExpanderBuses) return []
  const pcie = isQ35(def) || isArmVirt(def)
  const flavours = connectFlavours(pcie)
  const pinned: PinnedDevice[] = []
  for (const d of def.iterate()) {
    const node = d.numaNode
    if (node === undefined || !isPciWanted(d)) continue
    const flags = deviceConnectFlags(d, flavours)
    if (!(flags & F.TYPES_ENDPOINT))
      fail('unsupported', 'only PCI devices can be pinned to a NUMA node', { libvirtFunction: null, device: d })
    // note: these two are the checks libvirt makes of the expander bus the policy will add
    const expanderCheck = culprit(d, 'qemuDomainControllerDefPostParse')
    if (node >= def.numaNodes)
      fail('unsupported', `NUMA node ${node} does not exist: the guest has ${def.numaNodes} NUMA node(s) (<cpu><numa>)`, expanderCheck)
    if (!pcie && !isI440fx(def)) fail('unsupported', `machine '${def.machine}' has no expander buses for NUMA placement`, expanderCheck)
    pinned.push({ device: d, node, conventional: !!(flags & F.PCI_DEVICE) && pcie })
    // note: an address type libvirt's PCI pass skips, until placeNumaDevices gives the real one
    d.address = { type: 'unassigned' }
    def.policyPlaced.add(d)
  }
  return pinned
}

function firstFreeSlot(addrs: PciAddressSet, bus: number, min: number, who: Device): number {
  for (let slot = min; slot <= 0x1f; slot++) if (!addrs.slotInUse({ bus, slot, function: 0 })) return slot
  return fail('no-free-slot', `the expander bus (index ${bus}) of this NUMA node has no free slot`, { libvirtFunction: null, device: who })
}

/**
 * Puts each held-back device behind an expander bus of its node, after libvirt's assignment:
 * pci-expander-bus on pc, pcie-expander-bus with a root port per device on q35/virt (and a
 * pcie-to-pci-bridge for conventional PCI). New controllers take the next indexes and the next
 * free slots, so nothing libvirt placed moves; a re-expansion finds every address given.
 */
export function placeNumaDevices(def: DomainDef, addrs: PciAddressSet, pinned: readonly PinnedDevice[]): void {
  const pcie = isQ35(def) || isArmVirt(def)
  const expander: PciControllerModel = pcie ? 'pcie-expander-bus' : 'pci-expander-bus'
  const add = (
    model: PciControllerModel,
    at: (index: number) => PciSlotAddress,
    flags: F.ConnectFlags,
    why: string,
    extra: Partial<Device> = {},
  ): Device => {
    const index = addrs.addBus(model, model !== 'pcie-expander-bus')
    // note: a controller that finds no slot never joins the domain, so no device id names it
    const a = at(index)
    addrs.reserve(a, flags, 0, true, { label: `controller index ${index} (pci ${model})` })
    const c = workingCopy({
      id: def.newControllerId('pci', index),
      kind: 'controller',
      origin: 'auto',
      type: 'pci',
      index,
      model,
      address: pciOf(a),
      ...extra,
    })
    def.addController(c)
    def.trace.note(c, `${why}; placed at ${formatPciAddress(c.address as PciAddress)}`)
    return c
  }
  for (const { device: d, node, conventional } of pinned) {
    const label = deviceLabel(d)
    let pxb = def.controllers.find((c) => c.type === 'pci' && c.model === expander && c.target?.node === node)
    if (!pxb) {
      const next = addrs.nextAddress(pcie ? F.PCIE_EXPANDER_BUS : F.PCI_EXPANDER_BUS, 0, -1, d)
      pxb = add(expander, () => next, pcie ? F.PCIE_EXPANDER_BUS : F.PCI_EXPANDER_BUS, `added by policy for NUMA node ${node} (${label})`, {
        target: { node },
      })
    }
    const pxbIndex = pxb.index!
    let where: string
    if (!pcie) {
      const slot = firstFreeSlot(addrs, pxbIndex, 0, d)
      addrs.reserve({ bus: pxbIndex, slot, function: 0 }, F.PCI_DEVICE, 0, true, d)
      d.address = pciOf({ bus: pxbIndex, slot, function: 0 })
      where = `placed on pci-expander-bus index ${pxbIndex} of that node`
    } else {
      const port = add(
        'pcie-root-port',
        () => ({ bus: pxbIndex, slot: firstFreeSlot(addrs, pxbIndex, 0, d), function: 0 }),
        F.PCIE_ROOT_PORT,
        `added by policy: a root port on NUMA node ${node} for ${label}`,
      )
      if (conventional) {
        const bridge = add(
          'pcie-to-pci-bridge',
          () => ({ bus: port.index!, slot: 0, function: 0 }),
          F.PCIE_TO_PCI_BRIDGE,
          `added by policy: conventional PCI on NUMA node ${node} for ${label}`,
        )
        addrs.reserve({ bus: bridge.index!, slot: 1, function: 0 }, F.PCI_DEVICE, 0, true, d)
        d.address = pciOf({ bus: bridge.index!, slot: 1, function: 0 })
        where = `a conventional PCI device, placed on pcie-to-pci-bridge index ${bridge.index} behind root port index ${port.index} of pcie-expander-bus index ${pxbIndex}`
      } else {
        addrs.reserve({ bus: port.index!, slot: 0, function: 0 }, F.PCIE_DEVICE, 0, true, d)
        d.address = pciOf({ bus: port.index!, slot: 0, function: 0 })
        where = `placed on its own root port (index ${port.index}) of pcie-expander-bus index ${pxbIndex}`
      }
    }
    def.trace.note(d, `pinned to NUMA node ${node}: ${where}, at ${formatPciAddress(d.address as PciAddress)}`)
  }
}

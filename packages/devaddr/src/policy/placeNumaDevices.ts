import type { DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import { isArmVirt, isI440fx, isQ35 } from '../machine/machineType.ts'
import type { PciAddress } from '../model/address.ts'
import { deviceLabel, type Device } from '../model/device.ts'
import * as F from '../pci/connectFlags.ts'
import { connectFlavours, deviceConnectFlags } from '../pci/deviceConnectFlags.ts'
import { isPciWanted } from '../pci/pciAddressPredicates.ts'
import type { EffectivePolicy } from './effectivePolicy.ts'

const pci = (bus: number, slot: number): PciAddress => ({ type: 'pci', domain: 0, bus, slot, function: 0 })

function nextPciIndex(def: DomainDef): number {
  let max = -1
  for (const c of def.controllers) if (c.type === 'pci' && c.index !== undefined) max = Math.max(max, c.index)
  return max + 1
}

/** Lowest slot of `bus` no device has claimed yet, from `min`. */
function freeSlot(def: DomainDef, bus: number, min: number, who: string): number {
  const used = new Set<number>()
  for (const d of def.iterate()) if (d.address?.type === 'pci' && d.address.bus === bus) used.add(d.address.slot)
  for (let s = min; s <= 0x1f; s++) if (!used.has(s)) return s
  return fail('no-free-slot', `the expander bus (index ${bus}) of this NUMA node has no free slot`, who)
}

function addController(def: DomainDef, model: string, extra: Partial<Device>, why: string, cause: Device): Device {
  const index = nextPciIndex(def)
  const c: Device = { id: def.newId('controller', `pci${index}`), kind: 'controller', origin: 'auto', type: 'pci', index, model, ...extra }
  def.controllers.push(c)
  def.trace.note(c, `added by policy ${why} for ${deviceLabel(cause)}`)
  return c
}

/**
 * Puts each device pinned to a guest NUMA node (`numaNode`) behind an expander bus of that
 * node: pci-expander-bus on pc, pcie-expander-bus with a root port per device on q35/virt.
 * Devices get explicit addresses, so libvirt's assignment afterwards leaves them there and
 * a re-expansion keeps them.
 */
export function placeNumaDevices(def: DomainDef, policy: EffectivePolicy): void {
  if (!policy.numaExpanderBuses) return
  const pcie = isQ35(def) || isArmVirt(def)
  const flavours = connectFlavours(pcie)
  for (const d of def.iterate()) {
    const node = d.numaNode
    if (node === undefined || !isPciWanted(d)) continue
    const who = deviceLabel(d)
    const flags = deviceConnectFlags(d, flavours)
    def.policyPlaced.add(d)
    if (!(flags & F.TYPES_ENDPOINT)) fail('unsupported', `only PCI devices can be pinned to a NUMA node`, who)
    if (node >= def.numaNodes)
      fail('unsupported', `NUMA node ${node} does not exist: the guest has ${def.numaNodes} NUMA node(s) (<cpu><numa>)`, who)
    if (!pcie && !isI440fx(def)) fail('unsupported', `machine '${def.machine}' has no expander buses for NUMA placement`, who)
    const model = pcie ? 'pcie-expander-bus' : 'pci-expander-bus'
    let pxb = def.controllers.find((c) => c.type === 'pci' && c.model === model && c.target?.node === node)
    if (!pxb) pxb = addController(def, model, { target: { node } }, `(NUMA node ${node})`, d)
    const pxbIndex = pxb.index!
    if (!pcie) {
      d.address = pci(pxbIndex, freeSlot(def, pxbIndex, 0, who))
      def.trace.note(d, `pinned to NUMA node ${node}: placed on pci-expander-bus index ${pxbIndex} of that node`)
      continue
    }
    const port = addController(def, 'pcie-root-port', { address: pci(pxbIndex, freeSlot(def, pxbIndex, 0, who)) }, `(a root port on NUMA node ${node})`, d)
    if (flags & F.PCI_DEVICE) {
      const bridge = addController(def, 'pcie-to-pci-bridge', { address: pci(port.index!, 0) }, `(conventional PCI on NUMA node ${node})`, d)
      d.address = pci(bridge.index!, 1)
      def.trace.note(d, `pinned to NUMA node ${node}: a conventional PCI device, placed on pcie-to-pci-bridge index ${bridge.index} behind root port index ${port.index} of pcie-expander-bus index ${pxbIndex}`)
    } else {
      d.address = pci(port.index!, 0)
      def.trace.note(d, `pinned to NUMA node ${node}: placed on its own root port (index ${port.index}) of pcie-expander-bus index ${pxbIndex}`)
    }
  }
}

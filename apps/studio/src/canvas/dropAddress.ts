import { type Expansion, type PciAddress, pciBusSlots } from 'devaddr'

import type { BusData, PortData } from './flowTypes.ts'
import type { PlacedNode } from './layout.ts'

/** Node types a device can be dropped on. */
export const DROP_TYPES: ReadonlySet<string> = new Set(['port', 'bus'])

/**
 * The PCI address a device dropped on `target` asks for: the one slot of a port (taken or
 * not: the engine says why it is refused); the first slot of a bus that nothing uses. The
 * slots a bus offers are the engine's (`pciBusSlots`). The engine decides whether the device
 * may go there.
 *
 * @param movingId the device being moved, whose own slot counts as free
 * @returns undefined when the bus has no unused slot, or is not a PCI controller model
 */
export function dropAddress(expansion: Expansion, target: PlacedNode, movingId?: string): PciAddress | undefined {
  const { index: bus, model } = target.data as PortData | BusData
  const slots = pciBusSlots(model)
  if (!slots) return undefined
  if (slots.takesOneDevice) return { type: 'pci', domain: 0, bus, slot: slots.minSlot, function: 0 }
  const used = new Set<number>()
  for (const d of expansion.devices) if (d.id !== movingId && d.address?.type === 'pci' && d.address.bus === bus) used.add(d.address.slot)
  for (let slot = slots.minSlot; slot <= slots.maxSlot; slot++)
    if (!used.has(slot)) return { type: 'pci', domain: 0, bus, slot, function: 0 }
  return undefined
}

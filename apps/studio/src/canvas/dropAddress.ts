import type { Expansion, PciAddress } from 'devaddr'

import type { BusData, PortData } from './flowTypes.ts'
import type { PlacedNode } from './layout.ts'

/** Node types a device can be dropped on. */
export const DROP_TYPES: ReadonlySet<string> = new Set(['port', 'bus'])

/**
 * The PCI address a device dropped on `target` asks for: slot 0 of a port; the first slot of a
 * bus that nothing uses. The engine decides whether the device may go there.
 *
 * @returns undefined when the bus has no unused slot
 */
export function dropAddress(expansion: Expansion, target: PlacedNode, movingId?: string): PciAddress | undefined {
  const data = target.data as PortData | BusData
  const bus = data.index
  if (target.type === 'port') return { type: 'pci', domain: 0, bus, slot: 0, function: 0 }
  const used = new Set<number>()
  for (const d of expansion.devices) if (d.id !== movingId && d.address?.type === 'pci' && d.address.bus === bus) used.add(d.address.slot)
  const first = ['pcie-root', 'pci-root', 'pci-bridge', 'pcie-to-pci-bridge'].includes(data.model) ? 1 : 0
  for (let slot = first; slot <= 31; slot++) if (!used.has(slot)) return { type: 'pci', domain: 0, bus, slot, function: 0 }
  return undefined
}

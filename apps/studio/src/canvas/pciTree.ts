import { type Device, type Expansion, pciBusSlots } from 'devaddr'

/** A PCI controller with its index: a bus (or port) devices plug into. */
export type PciController = Device & { index: number }

/** True for a `<controller type='pci'>` with an index. */
export const isPciController = (d: Device): d is PciController => d.kind === 'controller' && d.type === 'pci' && d.index !== undefined

/** A single-slot port (pcie-root-port, pcie-switch-downstream-port), by the engine's bus table. */
export const isPort = (d: Device): boolean => isPciController(d) && (pciBusSlots(d.model)?.takesOneDevice ?? false)

/** An expander bus (pxb, pxb-pcie), drawn in the box of its guest NUMA node. */
export const isExpander = (d: Device): boolean => isPciController(d) && (pciBusSlots(d.model)?.expander ?? false)

/** The PCI side of an expansion: its controllers and what is plugged into each bus. */
export interface PciTree {
  /** bus number → its controller (the first one, if an invalid input has two) */
  controllers: Map<number, PciController>
  /** bus number → the devices addressed on it, by slot then function */
  onBus: Map<number, Device[]>
  /** root buses: PCI controllers with no PCI address of their own (pcie-root, pci-root, PHBs), by index */
  roots: PciController[]
  /** expander buses, in device order */
  expanders: PciController[]
}

function comparePci(a: Device, b: Device): number {
  const x = a.address?.type === 'pci' ? a.address : undefined
  const y = b.address?.type === 'pci' ? b.address : undefined
  return (x?.slot ?? 0) - (y?.slot ?? 0) || (x?.function ?? 0) - (y?.function ?? 0)
}

/** Indexes an expansion's PCI devices by bus. */
export function pciTree(expansion: Expansion): PciTree {
  const controllers = new Map<number, PciController>()
  for (const d of expansion.devices) if (isPciController(d) && !controllers.has(d.index)) controllers.set(d.index, d)
  const onBus = new Map<number, Device[]>()
  for (const d of expansion.devices) {
    if (d.address?.type !== 'pci') continue
    const list = onBus.get(d.address.bus)
    if (list) list.push(d)
    else onBus.set(d.address.bus, [d])
  }
  for (const list of onBus.values()) list.sort(comparePci)
  const all = [...controllers.values()]
  return {
    controllers,
    onBus,
    roots: all.filter((c) => c.address?.type !== 'pci').sort((a, b) => a.index - b.index),
    expanders: all.filter((c) => isExpander(c)),
  }
}

/** What is plugged into bus `index`, in slot order. */
export const devicesOn = (tree: PciTree, index: number): Device[] => tree.onBus.get(index) ?? []

/** What is drawn inside bus `index`: its devices except expander buses (those sit in their NUMA box). */
export const drawnOn = (tree: PciTree, index: number): Device[] => devicesOn(tree, index).filter((c) => !isExpander(c))

/** How many of the slots the bus offers devices (the engine's slot range) nothing uses. */
export function freeSlots(tree: PciTree, bus: PciController): number {
  const slots = pciBusSlots(bus.model)
  if (!slots) return 0
  const used = new Set(devicesOn(tree, bus.index).map((c) => (c.address?.type === 'pci' ? c.address.slot : -1)))
  let free = 0
  for (let s = slots.minSlot; s <= slots.maxSlot; s++) if (!used.has(s)) free++
  return free
}

/** Devices on one bus (in slot order) grouped by slot: the functions of each slot, in order. */
export function slotsOf(devices: readonly Device[]): Device[][] {
  const slots: Device[][] = []
  let last: number | undefined
  for (const d of devices) {
    const slot = d.address?.type === 'pci' ? d.address.slot : -1
    const current = slots[slots.length - 1]
    if (current && slot === last && slot !== -1) current.push(d)
    else slots.push([d])
    last = slot
  }
  return slots
}

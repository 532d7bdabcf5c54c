import type { Device } from '../model/device.ts'

/** Where the guest sees a device: the firmware's bus number, not the XML's controller index. */
export interface GuestAddress {
  /** `bb:ss.f` as lspci prints it in the guest */
  bdf: string
  /** for a bridge or port: the bus number of the bus behind it */
  secondaryBus?: number
}

const BRIDGES = new Set([
  'pcie-root-port',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'pci-bridge',
  'pcie-to-pci-bridge',
  'dmi-to-pci-bridge',
])
const EXPANDERS = new Set(['pci-expander-bus', 'pcie-expander-bus'])

const hex2 = (n: number) => n.toString(16).padStart(2, '0')

/**
 * The bus:slot.function each PCI device has inside the guest. Firmware numbers the buses
 * depth-first from the root bus; an expander bus starts its own range at its `busNr`
 * (a pci-expander-bus puts its devices one bus lower, behind its built-in bridge).
 */
export function guestView(devices: readonly Device[]): Map<string, GuestAddress> {
  const controllers = new Map<number, Device>()
  for (const d of devices) if (d.kind === 'controller' && d.type === 'pci' && d.index !== undefined) controllers.set(d.index, d)
  const children = new Map<number, Device[]>()
  for (const d of devices) {
    if (d.address?.type !== 'pci') continue
    const list = children.get(d.address.bus) ?? []
    list.push(d)
    children.set(d.address.bus, list)
  }
  for (const list of children.values())
    list.sort((a, b) => {
      const x = a.address!.type === 'pci' ? a.address : undefined
      const y = b.address!.type === 'pci' ? b.address : undefined
      return (x?.slot ?? 0) - (y?.slot ?? 0) || (x?.function ?? 0) - (y?.function ?? 0)
    })

  const out = new Map<string, GuestAddress>()
  const guestBus = new Map<number, number>()
  // depth-first numbering of one tree; returns the last bus number it used
  const walk = (xmlBus: number, number: number, last: number): number => {
    guestBus.set(xmlBus, number)
    for (const d of children.get(xmlBus) ?? []) {
      const a = d.address!.type === 'pci' ? d.address : undefined
      if (!a) continue
      const entry: GuestAddress = { bdf: `${hex2(number)}:${hex2(a.slot)}.${a.function.toString(16)}` }
      out.set(d.id, entry)
      if (d.kind === 'controller' && d.type === 'pci' && d.model && BRIDGES.has(d.model) && d.index !== undefined) {
        last += 1
        entry.secondaryBus = last
        last = walk(d.index, last, last)
      }
    }
    return last
  }
  walk(0, 0, 0)
  for (const c of controllers.values()) {
    if (!c.model || !EXPANDERS.has(c.model) || c.index === undefined) continue
    const busNr = c.target?.busNr ?? 0
    const first = c.model === 'pci-expander-bus' ? busNr + 1 : busNr
    const entry = out.get(c.id)
    if (entry) entry.secondaryBus = first
    walk(c.index, first, first)
  }
  return out
}

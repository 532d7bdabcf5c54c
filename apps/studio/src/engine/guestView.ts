import { type Expansion, guestView } from 'devaddr'

/** device id → the guest-visible `bus:slot.function` (what `lspci` in the guest shows). */
export type GuestBdfMap = Record<string, string>

/** The guest BDF of every PCI device, from the engine's `guestView`. */
export function guestBdfs(expansion: Expansion): GuestBdfMap {
  const out: GuestBdfMap = {}
  for (const [id, g] of guestView(expansion.devices)) out[id] = g.bdf
  return out
}

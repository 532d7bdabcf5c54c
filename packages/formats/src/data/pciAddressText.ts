import type { PciAddress } from 'devaddr'

const PCI_ADDRESS = /^(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-9a-fA-F])$/

/** A PCI address without its flags: what the `DDDD:BB:SS.F` text holds. */
export type PciLocation = Pick<PciAddress, 'domain' | 'bus' | 'slot' | 'function'>

/**
 * Reads `DDDD:BB:SS.F` (or `BB:SS.F`, domain 0), hexadecimal as lspci and libvirt print it,
 * checking the ranges libvirt checks.
 *
 * @returns the location, or the reason it is not one (`slot must be <= 0x1f`)
 * @example
 * parsePciAddressText('0000:00:1f.2') // { ok: true, value: { domain: 0, bus: 0, slot: 31, function: 2 } }
 */
export function parsePciAddressText(text: string): { ok: true; value: PciLocation } | { ok: false; reason: string } {
  const m = PCI_ADDRESS.exec(text)
  if (m === null) return { ok: false, reason: 'must be a PCI address "DDDD:BB:SS.F" (hexadecimal, e.g. "0000:00:1f.2")' }
  const value: PciLocation = {
    domain: parseInt(m[1] ?? '0', 16),
    bus: parseInt(m[2]!, 16),
    slot: parseInt(m[3]!, 16),
    function: parseInt(m[4]!, 16),
  }
  if (value.slot > 0x1f) return { ok: false, reason: 'slot must be <= 0x1f' }
  if (value.function > 7) return { ok: false, reason: 'function must be <= 7' }
  return { ok: true, value }
}

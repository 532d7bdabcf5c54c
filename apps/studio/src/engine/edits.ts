import {
  type Address,
  type Device,
  type DomainInput,
  type ExpandOptions,
  LIBVIRT_VERSIONS,
  type LibvirtVersion,
  type PolicyTunables,
} from 'devaddr'

import type { DeviceProps } from './deviceProps.ts'
import type { NumaCellSpec } from './numaCells.ts'

/**
 * The user's changes to an imported domain, kept as data: the source document is never
 * rewritten, every change is re-applied to it and run through the engine again.
 * Device keys are engine ids of input devices (`disk0`, `interface1`) or of devices added
 * from the palette (`new-interface0`).
 */
export interface Edits {
  /** device id → the address the user gave it; `null` clears an address so the engine picks one */
  addresses: Record<string, Address | null>
  /** devices added from the palette, in the order they were added */
  added: Device[]
  /** ids of input devices the user removed */
  removed: string[]
  /** guest NUMA node count (`<cpu><numa>` cells); undefined keeps the document's */
  numaNodes?: number
  /** device id → guest NUMA node the device should be local to */
  numaPins: Record<string, number>
  /** free hotplug root ports to leave (policy tunable `sparePorts: { free }`); undefined: as libvirt */
  sparePortsFree?: number
  /**
   * PCI controller index → hotplug of the port. A controller the engine added is written into
   * the input (`controller`) so that its hotplug setting can be stored on it.
   */
  hotplug: Record<number, { hotplug: 'on' | 'off'; controller?: Device }>
  /** device id → what is written into its element besides the address (disk source, MAC, host address) */
  props?: Record<string, DeviceProps>
  /** device id → the model the user chose (an engine input: it can change PCI vs PCIe) */
  models?: Record<string, string>
  /** guest NUMA cells as the user typed them (length `numaNodes`); undefined: an even split */
  numaCells?: NumaCellSpec[]
  /**
   * the libvirt release the engine imitates (one of the engine's `LIBVIRT_VERSIONS`); undefined:
   * the pipeline's default (`DEFAULT_LIBVIRT_VERSION`). An option of the run, not a change to the
   * input: `isEmptyEdits` does not count it.
   */
  libvirtVersion?: LibvirtVersion
}

/** True when `v` names a release the engine imitates (share links and autosaves are untrusted input). */
export function isLibvirtVersion(v: unknown): v is LibvirtVersion {
  return typeof v === 'string' && (LIBVIRT_VERSIONS as readonly string[]).includes(v)
}

/** No change to the document. */
export const NO_EDITS: Edits = { addresses: {}, added: [], removed: [], numaPins: {}, hotplug: {} }

/** True when `edits` changes nothing in the input (the chosen libvirt release is an option, not counted). */
export function isEmptyEdits(edits: Edits): boolean {
  return (
    Object.keys(edits.addresses).length === 0 &&
    edits.added.length === 0 &&
    edits.removed.length === 0 &&
    edits.numaNodes === undefined &&
    Object.keys(edits.numaPins).length === 0 &&
    edits.sparePortsFree === undefined &&
    Object.keys(edits.hotplug).length === 0 &&
    Object.keys(edits.props ?? {}).length === 0 &&
    Object.keys(edits.models ?? {}).length === 0 &&
    edits.numaCells === undefined
  )
}

/** The policy tunables the edits ask for; empty means libvirt's behaviour. */
export function tunablesOf(edits: Edits): PolicyTunables {
  const t: PolicyTunables = {}
  if (edits.sparePortsFree !== undefined) t.sparePorts = { free: edits.sparePortsFree }
  if (Object.keys(edits.numaPins).length > 0) t.numaExpanderBuses = true
  return t
}

/**
 * Applies edits to the engine input of a parsed document.
 *
 * @returns the input to expand and the options (a `custom` policy when a tunable is set)
 */
export function applyEdits(input: DomainInput, edits: Edits): { input: DomainInput; options: ExpandOptions } {
  const removed = new Set(edits.removed)
  const devices: Device[] = []
  const hotplugDone = new Set<number>()
  for (const d of [...input.devices, ...edits.added]) {
    if (removed.has(d.id)) continue
    let copy: Device = d
    if (Object.hasOwn(edits.addresses, d.id)) {
      const a = edits.addresses[d.id]
      copy = { ...copy }
      if (a) copy.address = a
      else delete copy.address
    }
    const model = edits.models?.[d.id]
    if (model !== undefined) copy = { ...copy, model }
    const pin = edits.numaPins[d.id]
    if (pin !== undefined) {
      copy = { ...copy, numaNode: pin }
      // note: a pinned device leaves the slot it had, unless the user placed it by hand
      if (!Object.hasOwn(edits.addresses, d.id)) delete copy.address
    }
    if (d.kind === 'controller' && d.type === 'pci' && d.index !== undefined) {
      const hp = edits.hotplug[d.index]
      if (hp) {
        copy = { ...copy, target: { ...copy.target, hotplug: hp.hotplug } }
        hotplugDone.add(d.index)
      }
    }
    devices.push(copy)
  }
  for (const [key, hp] of Object.entries(edits.hotplug)) {
    const index = Number(key)
    if (hotplugDone.has(index) || !hp.controller) continue
    devices.push({ ...hp.controller, origin: 'input', target: { ...hp.controller.target, hotplug: hp.hotplug } })
  }
  const next: DomainInput = { ...input, devices }
  if (edits.numaNodes !== undefined) next.numaNodes = edits.numaNodes
  const tunables = tunablesOf(edits)
  const options: ExpandOptions = { newDomain: true }
  if (Object.keys(tunables).length > 0) options.policy = { name: 'custom', version: 1, tunables }
  return { input: next, options }
}

/** A fresh id for a device added from the palette. */
export function newDeviceId(edits: Edits, kind: string): string {
  const taken = new Set(edits.added.map((d) => d.id))
  let n = 0
  while (taken.has(`new-${kind}${n}`)) n++
  return `new-${kind}${n}`
}

/** Ids of the devices the user may move, re-address and remove: the document's and the added ones, less the removed. */
export function editableIds(inputIds: readonly string[], edits: Pick<Edits, 'added' | 'removed'>): Set<string> {
  const ids = new Set([...inputIds, ...edits.added.map((d) => d.id)])
  for (const id of edits.removed) ids.delete(id)
  return ids
}

import { DEFAULT_LIBVIRT_VERSION, parseDomainXml, parseXml, serializeXml } from '@devaddr/formats'
import { type AddrError, type Device, type DomainInput, expandDomain, type ExpandOptions, type Expansion, formatPciAddress } from 'devaddr'

import { sameData } from '../sameData.ts'
import { type DeviceFacts, propsApply, readDeviceFactsOf, readInputFacts, writeDevicePropsInto } from './deviceProps.ts'
import { applyEdits, type Edits } from './edits.ts'
import { type GuestBdfMap, guestBdfs } from './guestView.ts'
import { domainRoot, type NumaCellSpec, readNumaCells } from './numaCells.ts'
import type { ExpandOutcome } from './runExpansion.ts'

/** A document the engine refused, drawn anyway: the devices at fault are marked. */
export interface InvalidDrawing {
  expansion: Expansion
  guest: GuestBdfMap | null
  /** ids of the devices the errors are about (and of those sharing their address) */
  offenders: string[]
  /** what identifies the document's devices, as the document writes it */
  facts: Record<string, DeviceFacts>
  /**
   * 'machine-family': the release's QEMU lacks the document's machine type (a RHEL or Ubuntu
   * host's `pc-q35-rhel9.4.0`), and the drawing addresses it as the rest of its family
   */
  as?: 'machine-family'
}

/** What the studio shows for one run of the engine: the outcome plus what it reads from the XML. */
export type StudioOutcome =
  | (Extract<ExpandOutcome, { ok: true }> & {
      /** device id → what identifies it (MAC, source, host address, alias, model as written) */
      facts: Record<string, DeviceFacts>
      /** the guest NUMA cells of the exported XML */
      numaCells: NumaCellSpec[]
    })
  | (Extract<ExpandOutcome, { ok: false }> & { drawing?: InvalidDrawing })

/** A finished run, for the next one to start from (`finishOutcome`'s `previous`). */
export interface FinishedRun {
  xml: string
  edits: Edits
  outcome: Extract<StudioOutcome, { ok: true }>
}

/**
 * Finishes an engine run for the studio: writes the device properties
 * (sources, MACs, host addresses, models) into the exported XML and reads back what identifies
 * each device; for a domain the engine refused, a drawing of it with the devices at fault.
 *
 * @param xml the document's text
 * @param edits the edits the outcome was computed with
 * @param outcome what runExpansion returned
 * @param previous the run finished before: what it read of the XML is not read again when the
 *   XML can only differ from its output in addresses (see `unchangedFacts`)
 */
export function finishOutcome(xml: string, edits: Edits, outcome: ExpandOutcome, previous?: FinishedRun): StudioOutcome {
  if (!outcome.ok) {
    if (outcome.error.kind !== 'addr') return outcome
    const drawing = drawInvalid(xml, edits, outcome.error.errors)
    return drawing ? { ...outcome, drawing } : outcome
  }
  const devices = outcome.expansion.devices
  const props = edits.props ?? {}
  const models = edits.models ?? {}
  const writes = propsApply(devices, props, models)
  const kept = !writes && previous ? unchangedFacts(xml, edits, devices, previous) : undefined
  if (kept) return { ...outcome, facts: kept, numaCells: previous!.outcome.numaCells }
  // note: one parse of the exported XML serves the properties written into it, the facts and the
  // NUMA cells; the tree alone, as the engine's reading of it is not needed here
  const doc = parseXml(outcome.expandedXml)
  const root = doc.ok ? domainRoot(doc.value) : undefined
  const expandedXml =
    doc.ok && root && writes && writeDevicePropsInto(root, devices, props, models) ? serializeXml(doc.value) : outcome.expandedXml
  return { ...outcome, expandedXml, facts: root ? readDeviceFactsOf(root, devices) : {}, numaCells: root ? readNumaCells(root) : [] }
}

/**
 * The previous run's facts, when they are this run's too: same document, no properties or models
 * to write, the same NUMA edits, and the same devices, each as before but perhaps for the address of a
 * device that is not a controller. The formats writer changes only addresses and what controllers
 * own in an element it keeps, and none of that is a fact; so the exported XML differs from the
 * previous one in addresses only (an address edit, a move), and reading it again would give the same.
 *
 * @returns undefined when the XML must be read
 */
export function unchangedFacts(
  xml: string,
  edits: Edits,
  devices: readonly Device[],
  previous: FinishedRun,
): Record<string, DeviceFacts> | undefined {
  const before = previous.edits
  if (previous.xml !== xml || propsApply(previous.outcome.expansion.devices, before.props ?? {}, before.models ?? {})) return undefined
  if (edits.numaNodes !== before.numaNodes || !sameData(edits.numaCells, before.numaCells)) return undefined
  const old = new Map(previous.outcome.expansion.devices.map((d) => [d.id, d]))
  const facts: Record<string, DeviceFacts> = {}
  for (const d of devices) {
    const p = old.get(d.id)
    if (!p) return undefined
    if (!sameData(d, p) && (d.kind === 'controller' || !sameData({ ...d, address: undefined }, { ...p, address: undefined })))
      return undefined
    const f = previous.outcome.facts[d.id]
    if (f) facts[d.id] = f
  }
  // note: the same devices, none added or removed: a device's facts are read at its place in <devices>
  return devices.length === old.size ? facts : undefined
}

const sameAddress = (a: Device, b: Device) =>
  a.address !== undefined && b.address !== undefined && JSON.stringify(a.address) === JSON.stringify(b.address)

/**
 * A drawing of a domain the engine refused: the engine places everything but the devices the
 * errors name (`AddrError.deviceId`), which are then drawn where the document puts them, so that
 * the user sees the conflict instead of an empty page.
 *
 * @returns undefined when no error names a device, or the rest cannot be placed either
 */
export function drawInvalid(xml: string, edits: Edits, errors: readonly AddrError[]): InvalidDrawing | undefined {
  const doc = parseDomainXml(xml)
  if (!doc.ok) return undefined
  // note: the errors are about the edited document (edits apply to a refused one too)
  const { input, options } = applyEdits(doc.value.input, edits)
  const named = new Set(
    errors.map((e) => e.deviceId).filter((id): id is string => id !== undefined && input.devices.some((d) => d.id === id)),
  )
  // note: an error without a deviceId (or naming a device the engine adds) still gives its
  // address as data: the input devices the document puts there are the ones at fault
  for (const e of errors) {
    if (e.address === undefined || (e.deviceId !== undefined && named.has(e.deviceId))) continue
    for (const d of input.devices) if (d.address?.type === 'pci' && formatPciAddress(d.address) === e.address) named.add(d.id)
  }
  const libvirtVersion = edits.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION
  if (named.size === 0) return machineFamilyDrawing(xml, input, { ...options, libvirtVersion }, errors)
  const offenders = input.devices.filter((d) => named.has(d.id))
  const rest = { ...input, devices: input.devices.filter((d) => !named.has(d.id)) }
  const tries: ExpandOptions[] = [
    { ...options, libvirtVersion },
    { newDomain: true, libvirtVersion },
  ]
  for (const o of tries) {
    const r = expandDomain(rest, o)
    if (!r.ok) continue
    const devices = [...r.value.devices, ...offenders]
    const expansion: Expansion = { ...r.value, devices }
    const marked = new Set(named)
    for (const o of offenders) for (const d of devices) if (d !== o && sameAddress(d, o)) marked.add(d.id)
    return { expansion, guest: guestBdfs(expansion), offenders: [...marked], facts: readInputFacts(xml, input.devices) }
  }
  return undefined
}

/**
 * A domain refused only for a machine type the release's QEMU does not offer, drawn as the rest
 * of its family would be addressed (`anyMachineVersion`): a support engineer reading a RHEL
 * customer's file sees its topology, though a Debian libvirt would not define it.
 */
function machineFamilyDrawing(
  xml: string,
  input: DomainInput,
  options: ExpandOptions,
  errors: readonly AddrError[],
): InvalidDrawing | undefined {
  if (!errors.some((e) => e.libvirtFunction === MACHINE_CHECK)) return undefined
  const r = expandDomain(input, { ...options, anyMachineVersion: true })
  if (!r.ok) return undefined
  return { expansion: r.value, guest: guestBdfs(r.value), offenders: [], facts: readInputFacts(xml, input.devices), as: 'machine-family' }
}

/** The check that refuses a machine type the target QEMU does not offer. */
const MACHINE_CHECK = 'virQEMUCapsIsMachineSupported'

import {
  type Device,
  deviceLabel,
  expandDomain,
  type ExpandOptions,
  type Expansion,
  formatAddrError,
  LIBVIRT_PROFILE_NOTES,
  LIBVIRT_PROFILES,
  type LibvirtProfile,
  type LibvirtVersion,
  type Result,
} from 'devaddr'

import { addressText } from '../abi/abiDiff.ts'
import { err, ok } from '../result.ts'
import { type DocumentError, internalError } from './documentError.ts'
import type { DocumentSyntax } from './documentSyntax.ts'
import { openDocument, type OpenOptions } from './openDocument.ts'
import { type DocumentOverrides, resolveOptions } from './resolveOptions.ts'

/**
 * One way a device fares differently under two libvirt releases, for the same input.
 * @public
 */
export interface DriftChange {
  /** the device's stable id (`interface0`, `controller-pci3`); `domain` for the domain as a whole */
  deviceId: string
  /** what a person calls it: `input (tablet)` */
  device: string
  /**
   * `address`: another address; `model`: another model (an implicit controller); `added` /
   * `removed`: only the newer / older release has the device; `rejected` / `accepted`: only
   * the newer / older release refuses the domain because of it
   */
  change: 'address' | 'model' | 'added' | 'removed' | 'rejected' | 'accepted'
  /** the old release's value (address, model, or its error), when it has one */
  from?: string
  /** the new release's value */
  to?: string
  /**
   * the differences between the two release profiles that cause this change (fields of
   * `LibvirtProfile`): those enough for it on their own, else those it needs
   */
  causes: string[]
}

/**
 * What `driftDocument` found.
 * @public
 */
export interface DriftReport {
  from: LibvirtVersion
  to: LibvirtVersion
  changes: DriftChange[]
}

/**
 * What `driftDocument` compares.
 * @public
 */
export interface DriftRequest {
  from: LibvirtVersion
  to: LibvirtVersion
  /** the front end's other options (policy, `newDomain`); a `libvirtVersion` here is ignored */
  overrides?: Omit<DocumentOverrides, 'libvirtVersion'>
  open?: OpenOptions
}

type Run = Result<Expansion, DocumentError>

/**
 * The upgrade check: expands one document as two libvirt releases would define it and lists
 * every device whose address, model or acceptance differs, each with the profile differences
 * that cause it (found by switching one difference at a time between the two releases).
 * Pure, and never throws.
 *
 * @returns the report (no changes: the releases agree), or why the document could not be read
 * @example
 * const r = driftDocument(xml, 'xml', { from: '9.0', to: '9.9' })
 * if (r.ok) for (const c of r.value.changes) console.log(formatDriftChange(c))
 * @public
 */
export function driftDocument(text: string, syntax: DocumentSyntax, request: DriftRequest): Result<DriftReport, DocumentError> {
  try {
    const doc = openDocument(text, syntax, request.open)
    if (!doc.ok) return doc
    const options = resolveOptions(doc.value, request.overrides)
    if (!options.ok) return options
    const { libvirtVersion: _ignored, ...common } = options.value
    const run = (profile: LibvirtProfile): Run => {
      const r = expandDomain(doc.value.input, { ...common, profile } satisfies ExpandOptions)
      return r.ok ? ok(r.value) : err({ kind: 'addr', errors: r.error })
    }
    const fromProfile = LIBVIRT_PROFILES[request.from]
    const toProfile = LIBVIRT_PROFILES[request.to]
    const before = run(fromProfile)
    const changes = compareRuns(before, run(toProfile))
    if (changes.length > 0) {
      const fields = (Object.keys(fromProfile) as (keyof LibvirtProfile)[]).filter(
        (k) => k !== 'version' && JSON.stringify(fromProfile[k]) !== JSON.stringify(toProfile[k]),
      )
      // note: a difference is a cause when it is enough on its own (the old release with just
      // this difference makes the change); when none is, the differences the change needs (the
      // new release without just this one does not make it) are named: those that only act
      // together, such as a new implicit device and the model list that knows it
      const sufficient = new Map<DriftChange, string[]>(changes.map((c) => [c, []]))
      const needed = new Map<DriftChange, string[]>(changes.map((c) => [c, []]))
      for (const field of fields) {
        const alone = compareRuns(before, run({ ...fromProfile, [field]: toProfile[field] }))
        const without = compareRuns(before, run({ ...toProfile, [field]: fromProfile[field] }))
        for (const c of changes) {
          if (alone.some((a) => sameChange(a, c))) sufficient.get(c)!.push(field)
          if (!without.some((w) => sameChange(w, c))) needed.get(c)!.push(field)
        }
      }
      for (const c of changes) c.causes = sufficient.get(c)!.length > 0 ? sufficient.get(c)! : needed.get(c)!
    }
    return ok({ from: request.from, to: request.to, changes })
  } catch (e) {
    return err(internalError(e))
  }
}

/**
 * `input #1 (tablet): address usb 0 port 1 → usb 0 port 2 (because of usbDeviceOrder)`; with
 * `notes`, each cause's note follows on its own indented line.
 * @public
 */
export function formatDriftChange(c: DriftChange, options: { notes?: boolean } = {}): string {
  const values = c.from !== undefined && c.to !== undefined ? `${c.from} → ${c.to}` : (c.to ?? c.from ?? '')
  const because = c.causes.length > 0 ? ` (because of ${c.causes.join(', ')})` : ''
  const line = `${c.device}: ${c.change}${values === '' ? '' : ` ${values}`}${because}`
  if (!options.notes) return line
  const notes = c.causes.map((k) => `    ${k}: ${LIBVIRT_PROFILE_NOTES[k as keyof typeof LIBVIRT_PROFILE_NOTES] ?? ''}`)
  return [line, ...notes].join('\n')
}

/** The same change of the same device (a rejection's wording may name the release: not compared). */
const sameChange = (a: DriftChange, b: DriftChange) =>
  a.deviceId === b.deviceId && a.change === b.change && (a.change === 'rejected' || a.change === 'accepted' || a.to === b.to)

function compareRuns(before: Run, after: Run): DriftChange[] {
  if (!before.ok && !after.ok) return []
  if (!before.ok || !after.ok) {
    const failed = before.ok ? after : before
    const change = before.ok ? 'rejected' : 'accepted'
    if (failed.ok) return []
    const e = failed.error
    const first = e.kind === 'addr' ? e.errors[0] : undefined
    const message = e.kind === 'addr' ? e.errors.map(formatAddrError).join('; ') : e.kind
    return [
      {
        deviceId: first?.deviceId ?? 'domain',
        device: first?.device ?? 'the domain',
        change,
        ...(change === 'rejected' ? { to: message } : { from: message }),
        causes: [],
      },
    ]
  }
  const changes: DriftChange[] = []
  const now = new Map(after.value.devices.map((d) => [d.id, d]))
  const then = new Map(before.value.devices.map((d) => [d.id, d]))
  for (const d of before.value.devices) {
    const n = now.get(d.id)
    if (n === undefined) {
      changes.push({ deviceId: d.id, device: deviceLabel(d), change: 'removed', from: describe(d), causes: [] })
      continue
    }
    if ((d.model ?? '') !== (n.model ?? ''))
      changes.push({
        deviceId: d.id,
        device: deviceLabel(d),
        change: 'model',
        from: d.model ?? '(none)',
        to: n.model ?? '(none)',
        causes: [],
      })
    const a = addressText(d.address)
    const b = addressText(n.address)
    if (a !== b) changes.push({ deviceId: d.id, device: deviceLabel(d), change: 'address', from: a, to: b, causes: [] })
  }
  for (const n of after.value.devices) {
    if (!then.has(n.id)) changes.push({ deviceId: n.id, device: deviceLabel(n), change: 'added', to: describe(n), causes: [] })
  }
  return changes
}

/** A device in a few words: its model and address. */
function describe(d: Device): string {
  return [d.model, d.address ? addressText(d.address) : undefined].filter((x) => x !== undefined).join(' at ')
}

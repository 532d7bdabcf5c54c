import { type AddrError, type Device, type ExpansionWarning, formatAddrError, formatPciAddress } from 'devaddr'

import type { Notice } from '../store/viewSlice.ts'

/** One line of the problems list, and the device it selects. */
export interface Problem {
  kind: 'error' | 'warning'
  /** a warning's code (`root-port-count`); the engine error's code for a refused edit */
  code?: string
  text: string
  /** the device to select: a device of the current expansion, by its engine id */
  deviceId?: string
}

/** The first of `ids` that is a device on screen. */
function firstPresent(ids: readonly (string | undefined)[], present: ReadonlySet<string>): string | undefined {
  return ids.find((id): id is string => id !== undefined && present.has(id))
}

/**
 * The problems to list: the last refused edit (one line per engine error) and every warning of the
 * expansion. Each links to its device by the ids the engine gives (`AddrError.deviceId`,
 * `ExpansionWarning.deviceIds`), or, for a refused edit, the device the edit was about; never by
 * searching the message.
 *
 * @param present ids of the devices of the current expansion: a problem links only to one of them
 */
export function listProblems(warnings: readonly ExpansionWarning[], notice: Notice | null, present: ReadonlySet<string>): Problem[] {
  const out: Problem[] = []
  if (notice?.kind === 'error') {
    const refused = notice.refused
    if (refused && refused.errors.length > 0) {
      for (const e of refused.errors) {
        const problem: Problem = { kind: 'error', code: e.code, text: `${refused.label}: refused. ${formatAddrError(e)}` }
        const deviceId = firstPresent([e.deviceId, refused.subjectId], present)
        if (deviceId !== undefined) problem.deviceId = deviceId
        out.push(problem)
      }
    } else {
      const problem: Problem = { kind: 'error', text: notice.text }
      const deviceId = firstPresent([refused?.subjectId, notice.deviceId], present)
      if (deviceId !== undefined) problem.deviceId = deviceId
      out.push(problem)
    }
  }
  for (const w of warnings) {
    const problem: Problem = { kind: 'warning', code: w.code, text: `${w.code}: ${w.message}` }
    const deviceId = firstPresent(w.deviceIds ?? [], present)
    if (deviceId !== undefined) problem.deviceId = deviceId
    out.push(problem)
  }
  return out
}

/** The warnings about one device (those whose `deviceIds` name it). */
export function warningsAbout(warnings: readonly ExpansionWarning[], deviceId: string): ExpansionWarning[] {
  return warnings.filter((w) => w.deviceIds?.includes(deviceId) ?? false)
}

/**
 * The problems of a document the engine refused, drawn anyway: one per engine error, linked to
 * its device by `AddrError.deviceId`, else to the drawn device of the document at the error's
 * address (`AddrError.address`, data, never the message).
 *
 * @param drawn the devices of the drawing of the invalid document
 * @param offenders ids of the devices the drawing marks
 */
export function documentProblems(errors: readonly AddrError[], drawn: readonly Device[], offenders: readonly string[]): Problem[] {
  const present = new Set(drawn.map((d) => d.id))
  const marked = new Set(offenders)
  return errors.map((e) => {
    const problem: Problem = { kind: 'error', code: e.code, text: formatAddrError(e) }
    const atAddress = drawn
      .filter((d) => marked.has(d.id) && d.address?.type === 'pci' && formatPciAddress(d.address) === e.address)
      .map((d) => d.id)
    // note: of two devices on one address, the one the document gives is the one to move
    const deviceId = firstPresent([e.deviceId, ...atAddress.reverse()], present)
    if (deviceId !== undefined) problem.deviceId = deviceId
    return problem
  })
}

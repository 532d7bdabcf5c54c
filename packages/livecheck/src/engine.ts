import { expandDocument, formatDocumentError } from '@devaddr/formats'
import type { LibvirtVersion } from 'devaddr'

import type { Outcome } from './judgeCase.ts'

/**
 * The engine on a domain being defined (`virsh define` of a new domain: newDomain true),
 * through @devaddr/formats' document pipeline, imitating libvirt `version` (the live release's
 * own profile when the engine has it, see `engineProfileFor`). An exception in the engine comes
 * back from the pipeline as an `internal` error: a crash here, never a rejection.
 */
export function runEngine(xml: string, version: LibvirtVersion): Outcome {
  const result = expandDocument(xml, 'xml', { overrides: { newDomain: true, libvirtVersion: version } })
  if (result.ok) return { ok: true, xml: result.value.text }
  if (result.error.kind === 'internal') return { ok: false, message: `engine threw: ${result.error.message}`, crashed: true }
  return { ok: false, message: formatDocumentError(result.error).replace(/\n/g, ' / ') }
}

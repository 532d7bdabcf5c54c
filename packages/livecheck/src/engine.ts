import { expandDocument, formatDocumentError, type DocumentOverrides } from '@devaddr/formats'
import type { Outcome } from './judgeCase.ts'

/**
 * The libvirt version the engine is asked to imitate: the live libvirt is Debian 12's 9.0
 * (QEMU 7.2), so the engine runs with its libvirt 9.0 profile (see LIBVIRT_PROFILES).
 */
export const ENGINE_PROFILE = 'libvirt 9.0 profile'

const OVERRIDES: DocumentOverrides = { newDomain: true, libvirtVersion: '9.0' }

/**
 * The engine on a domain being defined (`virsh define` of a new domain: newDomain true),
 * through @devaddr/formats' document pipeline. An exception in the engine comes back from the
 * pipeline as an `internal` error: a crash here, never a rejection.
 */
export function runEngine(xml: string): Outcome {
  const result = expandDocument(xml, 'xml', { overrides: OVERRIDES })
  if (result.ok) return { ok: true, xml: result.value.text }
  if (result.error.kind === 'internal') return { ok: false, message: `engine threw: ${result.error.message}`, crashed: true }
  return { ok: false, message: formatDocumentError(result.error).replace(/\n/g, ' / ') }
}

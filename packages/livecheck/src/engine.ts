import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'
import type { ExpandOptions } from 'devaddr'
import type { Outcome } from './judgeCase.ts'

/**
 * The libvirt version the engine is asked to imitate: the live libvirt is Debian 12's 9.0
 * (QEMU 7.2), so the engine runs with its libvirt 9.0 profile (see LIBVIRT_PROFILES).
 */
export const ENGINE_PROFILE = 'libvirt 9.0 profile'

const OPTIONS: ExpandOptions = { newDomain: true, libvirtVersion: '9.0' }

/** The engine on a domain being defined (`virsh define` of a new domain: newDomain true). */
export function runEngine(xml: string): Outcome {
  try {
    const result = expandDomainXml(xml, OPTIONS)
    return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error).replace(/\n/g, ' / ') }
  } catch (e) {
    return { ok: false, message: `engine threw: ${e instanceof Error ? e.message : String(e)}`, crashed: true }
  }
}

import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'
import type { ExpandOptions } from 'devaddr'
import type { Outcome } from './judgeCase.ts'

/**
 * The libvirt version the engine is asked to imitate. The live libvirt is Debian 12's 9.0
 * (QEMU 7.2); the engine's default is libvirt 9.9. `ExpandOptions` has no version option yet,
 * so this is the default, and differences that are libvirt 9.0 vs 9.9 count as failures.
 */
export const ENGINE_PROFILE = 'default (libvirt 9.9)'

const OPTIONS: ExpandOptions = { newDomain: true }

/** The engine on a domain being defined (`virsh define` of a new domain: newDomain true). */
export function runEngine(xml: string): Outcome {
  try {
    const result = expandDomainXml(xml, OPTIONS)
    return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error).replace(/\n/g, ' / ') }
  } catch (e) {
    return { ok: false, message: `engine threw: ${e instanceof Error ? e.message : String(e)}`, crashed: true }
  }
}

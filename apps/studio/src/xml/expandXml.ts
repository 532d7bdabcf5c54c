import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'

/** The expanded XML, or the message a user reads. */
export type ExpandXmlOutcome = { ok: true; xml: string } | { ok: false; message: string }

/**
 * Runs domain XML through the engine, as `virsh define` of a new domain would.
 * An exception from the engine is a bug, but is shown as a message rather than a blank page.
 */
export function expandXml(xml: string): ExpandXmlOutcome {
  try {
    const result = expandDomainXml(xml, { newDomain: true })
    return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error) }
  } catch (e) {
    return { ok: false, message: `internal error in devaddr: ${e instanceof Error ? e.message : String(e)}` }
  }
}

import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'

/** The outcome of expanding one document: the new XML, or the message a user reads. */
export type ExpandTextResult = { ok: true; xml: string } | { ok: false; message: string }

/**
 * Expands one domain XML document. Pure: no I/O, same input gives the same output.
 * An exception from the engine is a bug, but is still reported as a rejection naming it,
 * so one bad file cannot stop a batch.
 *
 * @param newDomain true: `virsh define` of a new domain (ABI_UPDATE); false: a stored config
 */
export function expandXmlText(xml: string, newDomain: boolean): ExpandTextResult {
  try {
    const result = expandDomainXml(xml, { newDomain })
    return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error) }
  } catch (e) {
    return { ok: false, message: `internal error in devaddr: ${e instanceof Error ? e.message : String(e)}` }
  }
}

import { type AddrError, expandDomain, type ExpandOptions, type Result } from 'devaddr'

import { readDomainXml } from './domain/parseDomainXml.ts'
import { writeExpansionOf } from './domain/writeExpansion.ts'
import { formatDocumentError } from './pipeline/formatDocumentError.ts'
import { err, ok } from './result.ts'
import { parsedText } from './xml/parseXml.ts'
import type { XmlError } from './xml/xmlError.ts'

export { formatXmlError } from './xml/formatXmlError.ts'

/**
 * Why `expandDomainXml` failed: the text could not be read, or the engine refused the domain.
 * @public
 */
export type ExpandXmlError = { kind: 'xml'; error: XmlError } | { kind: 'addr'; errors: AddrError[] }

/**
 * Parses a domain XML, runs the engine on it and writes the result into the same document,
 * keeping everything devaddr does not own. The options are the engine's, exactly as given: a
 * policy the document records is not looked at (see `expandDocument` for that).
 *
 * @param xml libvirt domain XML
 * @param options parse flags passed to `expandDomain`
 * @returns the expanded XML, or why it could not be produced (see `formatExpandXmlError`)
 * @throws only on a bug in devaddr (an exception in the engine), as `expandDomain` does
 * @example
 * const r = expandDomainXml(xml)
 * console.log(r.ok ? r.value : formatExpandXmlError(r.error))
 * @public
 */
export function expandDomainXml(xml: string, options: ExpandOptions = {}): Result<string, ExpandXmlError> {
  // note: the document is this call's own, so its devices are read in the engine's shape and
  // the engine works on them, not on copies (copying 100 devices was about 4% of this call)
  const doc = readDomainXml(xml, {}, 'engine')
  if (!doc.ok) return err({ kind: 'xml', error: doc.error })
  // note: the text holds no explanations and no warnings, so the engine makes none; the writer
  // reads each device once, so it reads the engine's own objects
  const expansion = expandDomain(doc.value.input, { ...options, explain: false, warnings: false, plainDevices: false, adoptInput: true })
  if (!expansion.ok) return err({ kind: 'addr', errors: expansion.error })
  // note: nobody else has seen the tree, so it is as parsed: the writer copies what it leaves
  // as it was from the text
  return ok(writeExpansionOf(doc.value, expansion.value, parsedText(xml)))
}

/**
 * The user-facing text of an `ExpandXmlError`, one line per error:
 * `line 4, column 7: unexpected close tag.` or devaddr's `formatAddrError` lines.
 * @public
 */
export function formatExpandXmlError(e: ExpandXmlError): string {
  return formatDocumentError(e)
}

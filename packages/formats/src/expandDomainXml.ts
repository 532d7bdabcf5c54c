import { expandDomain, formatAddrError, type AddrError, type ExpandOptions, type Result } from 'devaddr'
import { parseDomainXml } from './domain/parseDomainXml.ts'
import { writeExpansion } from './domain/writeExpansion.ts'
import { err, exhaustive, ok } from './result.ts'
import type { XmlError } from './xml/xmlError.ts'

/**
 * Why `expandDomainXml` failed: the text could not be read, or the engine refused the domain.
 * @public
 */
export type ExpandXmlError = { kind: 'xml'; error: XmlError } | { kind: 'addr'; errors: AddrError[] }

/**
 * Parses a domain XML, runs the engine on it and writes the result into the same document,
 * keeping everything devaddr does not own.
 *
 * @param xml libvirt domain XML
 * @param options parse flags passed to `expandDomain`
 * @returns the expanded XML, or why it could not be produced (see `formatExpandXmlError`)
 * @example
 * const r = expandDomainXml(xml)
 * console.log(r.ok ? r.value : formatExpandXmlError(r.error))
 * @public
 */
export function expandDomainXml(xml: string, options: ExpandOptions = {}): Result<string, ExpandXmlError> {
  const doc = parseDomainXml(xml)
  if (!doc.ok) return err({ kind: 'xml', error: doc.error })
  const expansion = expandDomain(doc.value.input, options)
  if (!expansion.ok) return err({ kind: 'addr', errors: expansion.error })
  return ok(writeExpansion(doc.value, expansion.value))
}

/**
 * The user-facing text of an `ExpandXmlError`, one line per error:
 * `line 4, column 7: unexpected close tag.` or devaddr's `formatAddrError` lines.
 * @public
 */
export function formatExpandXmlError(e: ExpandXmlError): string {
  switch (e.kind) {
    case 'xml':
      return formatXmlError(e.error)
    case 'addr':
      return e.errors.map(formatAddrError).join('\n')
    default:
      return exhaustive(e)
  }
}

/**
 * `line 4, column 7: <message>` (the place is left out when unknown).
 * @public
 */
export function formatXmlError(e: XmlError): string {
  if (e.line === undefined) return e.message
  return `line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}: ${e.message}`
}

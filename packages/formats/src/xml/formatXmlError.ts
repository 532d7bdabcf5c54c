import type { XmlError } from './xmlError.ts'

/**
 * `line 4, column 7: <message>` (the place is left out when unknown).
 * @public
 */
export function formatXmlError(e: XmlError): string {
  if (e.line === undefined) return e.message
  return `line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}: ${e.message}`
}

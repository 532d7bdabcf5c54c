import { type AddrError, type ExpandOptions, LIBVIRT_POLICY, type Result } from 'devaddr'

import { formatDocumentError } from './pipeline/formatDocumentError.ts'
import { openDocument } from './pipeline/openDocument.ts'
import { DEFAULT_LIBVIRT_VERSION, type ResolvedOptions } from './pipeline/resolveOptions.ts'
import { runDocument } from './pipeline/runDocument.ts'
import { writeDocument } from './pipeline/writeDocument.ts'
import { err, ok } from './result.ts'
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
  const doc = openDocument(xml, 'xml')
  if (!doc.ok) {
    if (doc.error.kind !== 'xml') throw new Error(formatDocumentError(doc.error))
    return err(doc.error)
  }
  const resolved: ResolvedOptions = {
    policy: options.policy ?? LIBVIRT_POLICY,
    newDomain: options.newDomain ?? true,
    libvirtVersion: options.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION,
  }
  if (options.qemu !== undefined) resolved.qemu = options.qemu
  if (options.qemuCaps !== undefined) resolved.qemuCaps = options.qemuCaps
  // note: the text holds no explanations and no warnings, so the engine makes none; the writer
  // reads each device once, so it reads the engine's own objects
  const expansion = runDocument(doc.value, resolved, { explain: false, warnings: false, plainDevices: false })
  if (!expansion.ok) {
    if (expansion.error.kind !== 'addr') throw new Error(formatDocumentError(expansion.error))
    return err(expansion.error)
  }
  return ok(writeDocument(doc.value, expansion.value))
}

/**
 * The user-facing text of an `ExpandXmlError`, one line per error:
 * `line 4, column 7: unexpected close tag.` or devaddr's `formatAddrError` lines.
 * @public
 */
export function formatExpandXmlError(e: ExpandXmlError): string {
  return formatDocumentError(e)
}

import type { AddrError } from 'devaddr'

import type { FormatError } from '../data/formatError.ts'
import { exhaustive } from '../result.ts'
import type { XmlError } from '../xml/xmlError.ts'

/**
 * An option that cannot be honoured: a policy devaddr does not ship, or a libvirt release it
 * cannot imitate.
 * @public
 */
export type OptionsError =
  /** the document records a policy by name and version only, and devaddr ships no such policy */
  | { code: 'unknown-policy'; source: 'document'; name: string; version: number }
  /** an override (CLI flag, query parameter) names no policy devaddr ships */
  | { code: 'unknown-policy'; source: 'override'; text: string }
  /** an override names a libvirt release devaddr does not imitate */
  | { code: 'unknown-libvirt-version'; text: string }
  | { code: 'bad-qemu-version'; text: string }

/**
 * Why a document could not be opened, resolved, expanded or written. Every front end reports
 * these same values; `formatDocumentError` gives the text a user reads.
 * @public
 */
export type DocumentError =
  /** the text is not a readable domain XML (with line and column when known) */
  | { kind: 'xml'; error: XmlError }
  /** the text is not a readable YAML/JSON domain (with the value's path, line and column) */
  | { kind: 'data'; error: FormatError }
  /** the options asked for, by the document or an override, cannot be honoured */
  | { kind: 'options'; error: OptionsError }
  /** the engine rejected the domain, as libvirt would: its errors unchanged */
  | { kind: 'addr'; errors: AddrError[] }
  /** a bug: something threw. Never expected; reported instead of escaping */
  | { kind: 'internal'; message: string }

/**
 * The machine-readable codes of an error: the XML, data or options error's code, each engine
 * error's code, or `internal`.
 *
 * @example documentErrorCodes({ kind: 'options', error: { code: 'unknown-libvirt-version', text: '8' } }) // ['unknown-libvirt-version']
 * @public
 */
export function documentErrorCodes(e: DocumentError): string[] {
  switch (e.kind) {
    case 'xml':
    case 'data':
    case 'options':
      return [e.error.code]
    case 'addr':
      return e.errors.map((a) => a.code)
    case 'internal':
      return ['internal']
    default:
      return exhaustive(e)
  }
}

/** An exception as an `internal` error. */
export function internalError(e: unknown): DocumentError {
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) }
}

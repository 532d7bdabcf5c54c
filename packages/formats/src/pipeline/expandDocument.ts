import type { Expansion, Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { type DocumentError, internalError } from './documentError.ts'
import type { DocumentSyntax } from './documentSyntax.ts'
import { openDocument, type OpenedDocument, type OpenOptions } from './openDocument.ts'
import { type DocumentOverrides, type ResolvedOptions, resolveOptions } from './resolveOptions.ts'
import { runDocument } from './runDocument.ts'
import { writeDocument } from './writeDocument.ts'

/**
 * What `expandDocument` asks for beyond the text.
 * @public
 */
export interface ExpandDocumentRequest {
  /** the front end's own options; they win over the document's */
  overrides?: DocumentOverrides
  /** the output syntax; default the input's */
  format?: DocumentSyntax
  /** how the document is read (its size limit) */
  open?: OpenOptions
  /** true: `expansion.explanations` says why each device went where; default false (the text never holds them) */
  explain?: boolean
}

/**
 * A document expanded: every step's result, for front ends that show more than the text.
 * @public
 */
export interface ExpandedDocument {
  document: OpenedDocument
  options: ResolvedOptions
  expansion: Expansion
  /** the expanded document in the requested format */
  text: string
}

/**
 * The whole pipeline: `openDocument` → `resolveOptions` → `runDocument` → `writeDocument`.
 * Pure, and never throws: an exception anywhere is an `internal` error.
 *
 * @example
 * const r = expandDocument(text, 'xml', { overrides: { newDomain: false } })
 * console.log(r.ok ? r.value.text : formatDocumentError(r.error))
 * @public
 */
export function expandDocument(
  text: string,
  syntax: DocumentSyntax,
  request: ExpandDocumentRequest = {},
): Result<ExpandedDocument, DocumentError> {
  try {
    const document = openDocument(text, syntax, request.open)
    if (!document.ok) return document
    const options = resolveOptions(document.value, request.overrides)
    if (!options.ok) return options
    const expansion = runDocument(document.value, options.value, { explain: request.explain === true })
    if (!expansion.ok) return expansion
    const written = writeDocument(document.value, expansion.value, request.format)
    return ok({ document: document.value, options: options.value, expansion: expansion.value, text: written })
  } catch (e) {
    return err(internalError(e))
  }
}

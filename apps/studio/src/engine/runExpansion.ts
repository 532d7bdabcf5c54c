import {
  formatDocumentError,
  formatXmlError,
  openDocument,
  policyId,
  resolveOptions,
  runDocument,
  writeDocument,
  writeExpansion,
  type DocumentError,
  type ErrorWording,
  type OpenedDocument,
} from '@devaddr/formats'
import { BUILTIN_POLICIES, formatAddrError, type AddrError, type Expansion, type Result } from 'devaddr'

import { applyEdits, isEmptyEdits, type Edits } from './edits.ts'
import { guestBdfs, type GuestBdfMap } from './guestView.ts'
import { withNumaCells } from './numaCells.ts'

/** Why a document could not be shown. */
export type StudioError =
  /** the text is not a readable domain XML */
  | { kind: 'xml'; message: string; line?: number; column?: number }
  /**
   * the engine refused the domain; or devaddr cannot honour what the document asks for (a
   * policy it does not ship): then `errors` is empty and `messages` says why
   */
  | { kind: 'addr'; errors: AddrError[]; messages: string[] }
  /** a bug: the engine threw */
  | { kind: 'internal'; message: string }

/** What the document looks like before edits, for controls that show the current value. */
export interface DocumentSummary {
  arch: string
  machine: string
  numaNodes: number
  /** ids of the document's own devices */
  inputIds: string[]
}

/** One run of the engine on a document and the user's edits. */
export type ExpandOutcome =
  | {
      ok: true
      expansion: Expansion
      /** the whole imported document with the expansion written into it */
      expandedXml: string
      guest: GuestBdfMap | null
      summary: DocumentSummary
      /** engine + writer time in ms */
      ms: number
    }
  | { ok: false; error: StudioError; summary: DocumentSummary | null; ms: number }

/** The one-line (or one-per-error) text a user reads for a StudioError. */
export function formatStudioError(e: StudioError): string {
  switch (e.kind) {
    case 'xml':
      return e.line === undefined ? e.message : `line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}: ${e.message}`
    case 'addr':
      return e.messages.join('\n')
    case 'internal':
      return `internal error in devaddr: ${e.message}`
  }
}

/** How the studio's messages tell the user to choose a policy: it has no policy option of its own. */
export const STUDIO_WORDING: ErrorWording = {
  choosePolicy: `give its <devaddr:policy> element the name and version of a shipped policy (${BUILTIN_POLICIES.map(policyId).join(', ')}), or remove the element`,
  libvirtVersionOption: 'libvirtVersion',
}

/**
 * A document pipeline error as the studio shows it: the place of an XML error apart from its
 * message, the engine's errors with their messages, anything else as a refusal.
 */
export function studioErrorOf(e: DocumentError): StudioError {
  switch (e.kind) {
    case 'xml': {
      const { code, message, line, column } = e.error
      const error: StudioError = { kind: 'xml', message: formatXmlError({ code, message }) }
      if (line !== undefined) error.line = line
      if (column !== undefined) error.column = column
      return error
    }
    case 'addr':
      return { kind: 'addr', errors: e.errors, messages: e.errors.map(formatAddrError) }
    case 'data':
      return { kind: 'xml', message: formatDocumentError(e) }
    case 'options':
      return { kind: 'addr', errors: [], messages: [formatDocumentError(e, STUDIO_WORDING)] }
    case 'internal':
      return { kind: 'internal', message: e.message }
  }
}

let cached: { xml: string; doc: Result<OpenedDocument, DocumentError> } | undefined

/** Opens once per document text: edits re-run the engine, not the parser. */
function open(xml: string): Result<OpenedDocument, DocumentError> {
  if (cached?.xml !== xml) cached = { xml, doc: openDocument(xml, 'xml') }
  return cached.doc
}

/**
 * Opens `xml`, resolves the options it records, applies `edits`, runs the engine and writes the
 * result into the document: `@devaddr/formats`' document pipeline, as every front end runs it.
 * Pure apart from a one-entry parse cache; runs in the engine worker (and in unit tests).
 */
export function runExpansion(xml: string, edits: Edits): ExpandOutcome {
  const t0 = performance.now()
  const ms = () => Math.round((performance.now() - t0) * 10) / 10
  const doc = open(xml)
  if (!doc.ok) return { ok: false, error: studioErrorOf(doc.error), summary: null, ms: ms() }
  const opened = doc.value
  const input = opened.input
  const summary: DocumentSummary = {
    arch: input.arch,
    machine: input.machine,
    numaNodes: input.numaNodes ?? 0,
    inputIds: input.devices.map((d) => d.id),
  }
  const failed = (e: DocumentError): ExpandOutcome => ({ ok: false, error: studioErrorOf(e), summary, ms: ms() })
  try {
    const options = resolveOptions(opened)
    if (!options.ok) return failed(options.error)
    // note: edits apply to the document as libvirt would define it, not to the bare input,
    // so an edit never moves a device it does not touch (the guest ABI stays put)
    const base = runDocument(opened, options.value)
    if (!base.ok) return failed(base.error)
    if (isEmptyEdits(edits)) {
      const expandedXml = writeDocument(opened, base.value)
      return { ok: true, expansion: base.value, expandedXml, guest: guestBdfs(base.value), summary, ms: ms() }
    }
    const { input: edited, options: editOptions } = applyEdits({ ...input, devices: base.value.devices }, edits)
    // note: a policy the edits make (a tunable set) replaces the document's; otherwise it stays
    const r = runDocument({ input: edited }, { ...options.value, ...editOptions })
    if (!r.ok) return failed(r.error)
    const target = opened.syntax === 'xml' && edits.numaNodes !== undefined ? withNumaCells(opened.doc, edits.numaNodes, edits.numaCells) : undefined
    const expandedXml = target !== undefined ? writeExpansion(target, r.value) : writeDocument(opened, r.value)
    return { ok: true, expansion: r.value, expandedXml, guest: guestBdfs(r.value), summary, ms: ms() }
  } catch (e) {
    return failed({ kind: 'internal', message: e instanceof Error ? e.message : String(e) })
  }
}

import {
  DEFAULT_LIBVIRT_VERSION,
  type DocumentError,
  type ErrorWording,
  formatDocumentError,
  formatXmlError,
  openDocument,
  type OpenedDocument,
  policyId,
  type ResolvedOptions,
  resolveOptions,
  runDocument,
  writeDocument,
  writeExpansion,
} from '@devaddr/formats'
import { type AddrError, BUILTIN_POLICIES, type Expansion, formatAddrError, type LibvirtVersion, type Result } from 'devaddr'

import { applyEdits, type Edits, isEmptyEdits } from './edits.ts'
import { type GuestBdfMap, guestBdfs } from './guestView.ts'
import { domainRoot, withNumaCells } from './numaCells.ts'
import { children, textOf } from './xmlTree.ts'

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
  /** the domain's `<name>`, when the document has one */
  name?: string
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

interface OpenedEntry {
  xml: string
  doc: Result<OpenedDocument, DocumentError>
  /** release → options and the unedited document's expansion with them */
  bases: Map<LibvirtVersion, { options: Result<ResolvedOptions, DocumentError>; base?: Result<Expansion, DocumentError> }>
}

let cached: OpenedEntry | undefined

/** Opens once per document text: edits re-run the engine, not the parser. */
function open(xml: string): OpenedEntry {
  if (cached?.xml !== xml) cached = { xml, doc: openDocument(xml, 'xml'), bases: new Map() }
  return cached
}

/**
 * The options and the expansion of the unedited document for one release, computed once per
 * document text and release: an edit then costs one expansion, not two.
 */
function baseOf(entry: OpenedEntry, opened: OpenedDocument, version: LibvirtVersion) {
  let b = entry.bases.get(version)
  if (!b) {
    b = { options: resolveOptions(opened, { libvirtVersion: version }) }
    entry.bases.set(version, b)
  }
  if (b.options.ok && b.base === undefined) b.base = runDocument(opened, b.options.value)
  return b as { options: Result<ResolvedOptions, DocumentError>; base?: Result<Expansion, DocumentError> }
}

/** Drops the cached document and expansions (tests that time a cold run). */
export function clearExpansionCache(): void {
  cached = undefined
}

/**
 * Opens `xml`, resolves the options it records, applies `edits`, runs the engine and writes the
 * result into the document: `@devaddr/formats`' document pipeline, as every front end runs it.
 * The release imitated is `edits.libvirtVersion` (the pipeline's `libvirtVersion` override),
 * else the pipeline's default. Pure apart from a per-document cache of the parse and of the
 * unedited expansion; runs in the engine worker (and in unit tests).
 */
export function runExpansion(xml: string, edits: Edits): ExpandOutcome {
  const t0 = performance.now()
  const ms = () => Math.round((performance.now() - t0) * 10) / 10
  const entry = open(xml)
  const doc = entry.doc
  if (!doc.ok) return { ok: false, error: studioErrorOf(doc.error), summary: null, ms: ms() }
  const opened = doc.value
  const input = opened.input
  const summary: DocumentSummary = {
    arch: input.arch,
    machine: input.machine,
    numaNodes: input.numaNodes ?? 0,
    inputIds: input.devices.map((d) => d.id),
  }
  const root = opened.syntax === 'xml' ? domainRoot(opened.doc.tree) : undefined
  const name = root ? textOf(children(root, 'name')[0]).trim() : ''
  if (name !== '') summary.name = name
  const failed = (e: DocumentError): ExpandOutcome => ({ ok: false, error: studioErrorOf(e), summary, ms: ms() })
  try {
    const { options, base } = baseOf(entry, opened, edits.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION)
    if (!options.ok) return failed(options.error)
    if (base === undefined) return failed({ kind: 'internal', message: 'no expansion' })
    if (isEmptyEdits(edits)) {
      if (!base.ok) return failed(base.error)
      const expandedXml = writeDocument(opened, base.value)
      return { ok: true, expansion: base.value, expandedXml, guest: guestBdfs(base.value), summary, ms: ms() }
    }
    // note: edits apply to the document as libvirt would define it, not to the bare input,
    // so an edit never moves a device it does not touch (the guest ABI stays put). A document
    // the engine refuses has no such expansion: the edits apply to its input, so that moving or
    // removing a device at fault can make it valid.
    const { input: edited, options: editOptions } = applyEdits(base.ok ? { ...input, devices: base.value.devices } : input, edits)
    // note: a policy the edits make (a tunable set) replaces the document's; otherwise it stays
    const runOptions = base.ok
      ? { ...options.value, ...editOptions }
      : { ...options.value, ...editOptions, newDomain: options.value.newDomain }
    const r = runDocument({ input: edited }, runOptions)
    if (!r.ok) return failed(r.error)
    const target =
      opened.syntax === 'xml' && edits.numaNodes !== undefined ? withNumaCells(opened.doc, edits.numaNodes, edits.numaCells) : undefined
    const expandedXml = target !== undefined ? writeExpansion(target, r.value) : writeDocument(opened, r.value)
    return { ok: true, expansion: r.value, expandedXml, guest: guestBdfs(r.value), summary, ms: ms() }
  } catch (e) {
    return failed({ kind: 'internal', message: e instanceof Error ? e.message : String(e) })
  }
}

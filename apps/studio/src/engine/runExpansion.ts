import { formatXmlError, parseDomainXml, writeExpansion, type DomainDocument, type XmlElement, type XmlNode } from '@devaddr/formats'
import { expandDomain, formatAddrError, type AddrError, type Expansion } from 'devaddr'

import { applyEdits, isEmptyEdits, type Edits } from './edits.ts'
import { guestBdfs, type GuestBdfMap } from './guestView.ts'

/** Why a document could not be shown. */
export type StudioError =
  /** the text is not a readable domain XML */
  | { kind: 'xml'; message: string; line?: number; column?: number }
  /** the engine refused the domain */
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

let cached: { xml: string; doc: ReturnType<typeof parseDomainXml> } | undefined

/** Parses once per document text: edits re-run the engine, not the parser. */
function parse(xml: string): ReturnType<typeof parseDomainXml> {
  if (cached?.xml !== xml) cached = { xml, doc: parseDomainXml(xml) }
  return cached.doc
}

/**
 * Parses `xml`, applies `edits`, runs the engine and writes the result into the document.
 * Pure apart from a one-entry parse cache; runs in the engine worker (and in unit tests).
 */
export function runExpansion(xml: string, edits: Edits): ExpandOutcome {
  const t0 = performance.now()
  const ms = () => Math.round((performance.now() - t0) * 10) / 10
  const doc = parse(xml)
  if (!doc.ok) {
    const { message, line, column } = doc.error
    const error: StudioError = { kind: 'xml', message: formatXmlError({ code: doc.error.code, message }) }
    if (line !== undefined) error.line = line
    if (column !== undefined) error.column = column
    return { ok: false, error, summary: null, ms: ms() }
  }
  const input = doc.value.input
  const summary: DocumentSummary = {
    arch: input.arch,
    machine: input.machine,
    numaNodes: input.numaNodes ?? 0,
    inputIds: input.devices.map((d) => d.id),
  }
  try {
    // note: edits apply to the document as libvirt would define it, not to the bare input,
    // so an edit never moves a device it does not touch (the guest ABI stays put)
    const base = expandDomain(input, { newDomain: true })
    if (!base.ok) return { ok: false, error: { kind: 'addr', errors: base.error, messages: base.error.map(formatAddrError) }, summary, ms: ms() }
    if (isEmptyEdits(edits)) {
      const expandedXml = writeExpansion(doc.value, base.value)
      return { ok: true, expansion: base.value, expandedXml, guest: guestBdfs(base.value), summary, ms: ms() }
    }
    const { input: edited, options } = applyEdits({ ...input, devices: base.value.devices }, edits)
    const r = expandDomain(edited, options)
    if (!r.ok) return { ok: false, error: { kind: 'addr', errors: r.error, messages: r.error.map(formatAddrError) }, summary, ms: ms() }
    const target = edits.numaNodes !== undefined ? withNumaCells(doc.value, edits.numaNodes) : doc.value
    const expandedXml = writeExpansion(target, r.value)
    return { ok: true, expansion: r.value, expandedXml, guest: guestBdfs(r.value), summary, ms: ms() }
  } catch (e) {
    return { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) }, summary, ms: ms() }
  }
}

const el = (name: string, attrs: [string, string][], children: XmlNode[] = []): XmlElement => ({
  kind: 'element',
  name,
  attributes: attrs.map(([n, v]) => ({ name: n, value: v, lead: ' ', eq: '=', quote: "'", raw: v })),
  tagEnd: '',
  selfClosing: children.length === 0,
  children,
  closeTag: `</${name}>`,
})
const text = (raw: string): XmlNode => ({ kind: 'text', raw })

/**
 * The document with `n` guest NUMA cells in `<cpu><numa>`, so that the expander buses the
 * engine adds for NUMA-pinned devices name nodes that exist. Cells the document has are kept;
 * new ones split nothing: each gets one vCPU and a placeholder memory size to adjust.
 * note: formats' writer owns only `<devices>`; this is the studio's own small addition.
 */
export function withNumaCells(doc: DomainDocument, n: number): DomainDocument {
  const tree = structuredClone(doc.tree)
  const root = tree.children.find((c): c is XmlElement => c.kind === 'element')
  if (!root) return doc
  const find = (parent: XmlElement, name: string) => parent.children.find((c): c is XmlElement => c.kind === 'element' && c.name === name)
  let cpu = find(root, 'cpu')
  if (!cpu) {
    cpu = el('cpu', [])
    const devicesAt = root.children.findIndex((c) => c.kind === 'element' && c.name === 'devices')
    const at = devicesAt === -1 ? root.children.length : devicesAt
    root.children.splice(at, 0, cpu, text('\n  '))
  }
  let numa = find(cpu, 'numa')
  if (!numa) {
    numa = el('numa', [])
    cpu.children.push(text('\n    '), numa, text('\n  '))
    cpu.selfClosing = false
  }
  const cells = numa.children.filter((c): c is XmlElement => c.kind === 'element' && c.name === 'cell')
  if (cells.length >= n) return { tree, input: doc.input }
  const trailing = numa.children.length > 0 && numa.children[numa.children.length - 1]?.kind === 'text' ? numa.children.pop() : undefined
  for (let i = cells.length; i < n; i++) {
    numa.children.push(text('\n      '), el('cell', [['id', String(i)], ['cpus', String(i)], ['memory', '1048576'], ['unit', 'KiB']]))
  }
  numa.children.push(trailing ?? text('\n    '))
  numa.selfClosing = false
  return { tree, input: doc.input }
}

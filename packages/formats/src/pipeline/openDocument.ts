import type { DomainInput, Policy, Result } from 'devaddr'

import { type DomainData, parseDomainJson, parseDomainYaml } from '../data/parseDomainData.ts'
import type { DomainDocument } from '../domain/domainDocument.ts'
import { parseDomainXml } from '../domain/parseDomainXml.ts'
import { err, ok } from '../result.ts'
import { checkSize, DEFAULT_MAX_BYTES } from '../xml/xmlLimits.ts'
import type { DocumentError } from './documentError.ts'
import type { DocumentSyntax } from './documentSyntax.ts'

/**
 * The policy a document asks for, as written: resolved against the shipped policies only when
 * options are resolved (`resolveOptions`), so that an override can still replace it.
 * @public
 */
export type DocumentPolicy =
  /**
   * a name and version only: devaddr's XML `<metadata>`, or a YAML/JSON `policy:` without
   * tunables (what an expansion's output records). It stands for the shipped policy of that id.
   */
  | { kind: 'named'; name: string; version: number }
  /** a YAML/JSON `policy:` with tunables: a policy of the document's own, used as written */
  | { kind: 'inline'; policy: Policy }

/**
 * What a document itself asks of the engine; an override (CLI flag, query parameter) wins.
 * @public
 */
export interface DocumentChoices {
  policy?: DocumentPolicy
  /** a YAML/JSON `newDomain:` (XML has no such field) */
  newDomain?: boolean
}

/**
 * A libvirt domain XML, opened losslessly: the expansion is written back into `doc`.
 * @public
 */
export interface OpenedXmlDocument {
  syntax: 'xml'
  input: DomainInput
  doc: DomainDocument
  choices: DocumentChoices
}

/**
 * A domain in devaddr's YAML/JSON data format.
 * @public
 */
export interface OpenedDataDocument {
  syntax: 'yaml' | 'json'
  input: DomainInput
  choices: DocumentChoices
}

/**
 * A document read and ready to be resolved (`resolveOptions`), run (`runDocument`) and
 * written (`writeDocument`).
 * @public
 */
export type OpenedDocument = OpenedXmlDocument | OpenedDataDocument

/**
 * How `openDocument` reads.
 * @public
 */
export interface OpenOptions {
  /** refuse a document longer than this many bytes of UTF-8; default 10 MiB (`DEFAULT_MAX_BYTES`, as virsh) */
  maxBytes?: number
}

/**
 * Reads a domain document: XML through `parseDomainXml` (lossless), YAML/JSON through
 * `parseDomainYaml`/`parseDomainJson`. The policy and `newDomain` the document records are
 * kept as data, not yet looked up.
 *
 * @returns the document, or an `xml` error (with line and column) or a `data` error (with the
 *   value's path)
 * @example
 * const doc = openDocument(text, syntaxOfPath(file))
 * if (doc.ok) console.log(doc.value.input.devices.length)
 * @public
 */
export function openDocument(text: string, syntax: DocumentSyntax, options: OpenOptions = {}): Result<OpenedDocument, DocumentError> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  if (syntax === 'xml') {
    const doc = parseDomainXml(text, { maxBytes })
    if (!doc.ok) return err({ kind: 'xml', error: doc.error })
    const choices: DocumentChoices = {}
    if (doc.value.policy !== undefined) choices.policy = { kind: 'named', name: doc.value.policy.name, version: doc.value.policy.version }
    return ok({ syntax, input: doc.value.input, doc: doc.value, choices })
  }
  const tooLarge = checkSize(text, maxBytes)
  if (tooLarge) return err({ kind: 'data', error: { code: 'too-large', message: tooLarge.message } })
  const data = syntax === 'yaml' ? parseDomainYaml(text) : parseDomainJson(text)
  if (!data.ok) return err({ kind: 'data', error: data.error })
  return ok({ syntax, input: data.value.input, choices: dataChoices(data.value) })
}

function dataChoices(data: DomainData): DocumentChoices {
  const choices: DocumentChoices = {}
  const policy = data.policy
  if (policy !== undefined) {
    // note: an expansion's output records only a policy's name and version; read back, that
    // names the shipped policy, exactly as the same record in XML <metadata> does
    choices.policy =
      Object.keys(policy.tunables).length === 0 ? { kind: 'named', name: policy.name, version: policy.version } : { kind: 'inline', policy }
  }
  if (data.newDomain !== undefined) choices.newDomain = data.newDomain
  return choices
}

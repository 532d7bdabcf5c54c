import {
  parseDomainJson,
  parseDomainXml,
  parseDomainYaml,
  type DomainDocument,
  type FormatError,
  type RecordedPolicy,
  type XmlError,
} from '@devaddr/formats'
import { builtinPolicy, LIBVIRT_POLICY, type DomainInput, type Policy, type Result, type LibvirtVersion } from 'devaddr'
import type { Syntax } from './mediaType.ts'
import type { QueryOptions } from './requestOptions.ts'
import type { ApiError } from './response.ts'

/** A domain read from a request: an XML document, or devaddr's YAML/JSON data format. */
export type LoadedDomain = XmlDomain | DataDomain

/** A libvirt domain XML; the expansion is written back into `doc`. */
export interface XmlDomain {
  syntax: 'xml'
  input: DomainInput
  doc: DomainDocument
  /** the policy the document records in devaddr's `<metadata>` (name and version only) */
  recordedPolicy?: RecordedPolicy
}

/** A domain in devaddr's YAML/JSON input format. */
export interface DataDomain {
  syntax: 'json' | 'yaml'
  input: DomainInput
  /** the document's own `policy:` */
  policy?: Policy
  /** the document's own `newDomain:` */
  newDomain?: boolean
}

/**
 * Parses a domain in `syntax`. A failure is a list of one error with its line and column
 * (and, for YAML/JSON, the path of the value at fault).
 */
export function loadDomain(text: string, syntax: Syntax): Result<LoadedDomain, ApiError[]> {
  if (syntax === 'xml') {
    const doc = parseDomainXml(text)
    if (!doc.ok) return { ok: false, error: [xmlApiError(doc.error)] }
    const loaded: XmlDomain = { syntax, input: doc.value.input, doc: doc.value }
    if (doc.value.policy !== undefined) loaded.recordedPolicy = doc.value.policy
    return { ok: true, value: loaded }
  }
  const data = syntax === 'yaml' ? parseDomainYaml(text) : parseDomainJson(text)
  if (!data.ok) return { ok: false, error: [formatApiError(data.error)] }
  const loaded: DataDomain = { syntax, input: data.value.input }
  if (data.value.policy !== undefined) loaded.policy = data.value.policy
  if (data.value.newDomain !== undefined) loaded.newDomain = data.value.newDomain
  return { ok: true, value: loaded }
}

/** The engine's options for a loaded domain: the query's choices over the document's own. */
export interface EngineOptions {
  newDomain: boolean
  policy: Policy
  libvirtVersion?: LibvirtVersion
}

/**
 * Chooses the options the engine runs with. Policy: `?policy=`, else the document's own (a
 * YAML/JSON `policy:`, or the shipped policy an XML `<metadata>` records), else libvirt's.
 * `newDomain`: `?existing=`, else the document's `newDomain:`, else true.
 *
 * @returns the options, or an `unknown-policy` error when an XML document records a policy
 *   devaddr does not ship and the query names none
 */
export function engineOptions(domain: LoadedDomain, query: QueryOptions): Result<EngineOptions, ApiError[]> {
  const r = chooseOptions(domain, query)
  if (r.ok && query.libvirtVersion !== undefined) r.value.libvirtVersion = query.libvirtVersion
  return r
}

function chooseOptions(domain: LoadedDomain, query: QueryOptions): Result<EngineOptions, ApiError[]> {
  const newDomain = query.newDomain ?? (domain.syntax === 'xml' ? undefined : domain.newDomain) ?? true
  if (query.policy !== undefined) return { ok: true, value: { newDomain, policy: query.policy } }
  if (domain.syntax !== 'xml') return { ok: true, value: { newDomain, policy: domain.policy ?? LIBVIRT_POLICY } }
  const recorded = domain.recordedPolicy
  if (recorded === undefined) return { ok: true, value: { newDomain, policy: LIBVIRT_POLICY } }
  const policy = builtinPolicy(recorded.name, recorded.version)
  if (policy !== undefined) return { ok: true, value: { newDomain, policy } }
  return {
    ok: false,
    error: [
      {
        code: 'unknown-policy',
        message: `the document records policy ${recorded.name}@${recorded.version}, which devaddr does not ship; name one with ?policy=NAME[@VERSION]`,
      },
    ],
  }
}

/** An XML reading error as an API error. */
export function xmlApiError(e: XmlError): ApiError {
  const out: ApiError = { code: e.code, message: e.message }
  if (e.line !== undefined) out.line = e.line
  if (e.column !== undefined) out.column = e.column
  return out
}

/** A YAML/JSON reading error as an API error. */
export function formatApiError(e: FormatError): ApiError {
  const out: ApiError = { code: e.code, message: e.message }
  if (e.line !== undefined) out.line = e.line
  if (e.column !== undefined) out.column = e.column
  if (e.path !== undefined) out.path = [...e.path]
  return out
}

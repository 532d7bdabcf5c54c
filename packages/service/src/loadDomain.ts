import { openDocument, type OpenedDocument, type ResolvedOptions, resolveOptions } from '@devaddr/formats'
import type { Result } from 'devaddr'

import { apiErrors } from './apiErrors.ts'
import type { Syntax } from './mediaType.ts'
import type { QueryOptions } from './requestOptions.ts'
import type { ApiError } from './response.ts'

export { formatApiError, xmlApiError } from './apiErrors.ts'

/** A domain read from a request: an XML document, or devaddr's YAML/JSON data format (`openDocument`). */
export type LoadedDomain = OpenedDocument

/**
 * Parses a domain in `syntax`. A failure is a list of one error with its line and column
 * (and, for YAML/JSON, the path of the value at fault).
 */
export function loadDomain(text: string, syntax: Syntax): Result<LoadedDomain, ApiError[]> {
  const r = openDocument(text, syntax)
  return r.ok ? r : { ok: false, error: apiErrors(r.error) }
}

/**
 * The options the engine runs with: the query's over the document's own, else the defaults
 * (`resolveOptions`, the rule every front end follows).
 *
 * @returns the options, or an `unknown-policy` error when the document records a policy
 *   devaddr does not ship and the query names none
 */
export function engineOptions(domain: LoadedDomain, query: QueryOptions): Result<ResolvedOptions, ApiError[]> {
  const r = resolveOptions(domain, query)
  return r.ok ? r : { ok: false, error: apiErrors(r.error) }
}

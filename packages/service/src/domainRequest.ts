import { openDocument, type OpenedDocument, type ResolvedOptions, resolveOptions, runDocument } from '@devaddr/formats'
import type { Expansion, Result } from 'devaddr'

import { documentErrorResponse } from './documentErrorResponse.ts'
import { REQUEST_MEDIA_TYPES, syntaxOf } from './mediaType.ts'
import { type Query, readQuery } from './requestOptions.ts'
import { errorResponse, type ServiceResponse } from './response.ts'

/** A request whose body is one domain: what `/v1/expand` and `/v1/explain` take. */
export interface DomainRequest {
  /** the `Content-Type` header */
  contentType: string | undefined
  /** the body, decoded as UTF-8 */
  body: string
  query: Query
}

/** A domain request read and expanded. */
export interface ExpandedRequest {
  domain: OpenedDocument
  options: ResolvedOptions
  expansion: Expansion
}

/**
 * Reads the media type, the query and the body, then runs the document pipeline
 * (`openDocument` → `resolveOptions` → `runDocument`).
 *
 * @returns the opened domain, its options and its expansion, or the error response: 415 for a
 *   media type other than XML/JSON/YAML, 400 for a bad query, a malformed body (with line and
 *   column) or an unknown policy, 422 when the engine rejects the domain, 500 for a bug
 */
export function expandRequest(req: DomainRequest): Result<ExpandedRequest, ServiceResponse> {
  const syntax = syntaxOf(req.contentType)
  if (syntax === undefined) return { ok: false, error: unsupportedMediaType(req.contentType, Object.keys(REQUEST_MEDIA_TYPES)) }
  const query = readQuery(req.query, ['existing', 'policy', 'libvirtVersion', 'qemu', 'anyMachineVersion'])
  if (!query.ok) return { ok: false, error: errorResponse(400, query.error) }
  if (req.body.trim() === '')
    return { ok: false, error: errorResponse(400, [{ code: 'empty-body', message: 'the request body is empty: send a domain' }]) }
  const domain = openDocument(req.body, syntax)
  if (!domain.ok) return { ok: false, error: documentErrorResponse(domain.error) }
  const options = resolveOptions(domain.value, query.value)
  if (!options.ok) return { ok: false, error: documentErrorResponse(options.error) }
  const expansion = runDocument(domain.value, options.value)
  if (!expansion.ok) return { ok: false, error: documentErrorResponse(expansion.error) }
  return { ok: true, value: { domain: domain.value, options: options.value, expansion: expansion.value } }
}

/** 415, naming the media types the endpoint takes. */
export function unsupportedMediaType(contentType: string | undefined, accepted: readonly string[]): ServiceResponse {
  const given = contentType === undefined ? 'no Content-Type' : `Content-Type "${contentType}"`
  return errorResponse(415, [{ code: 'unsupported-media-type', message: `${given}; send one of ${accepted.join(', ')} (UTF-8)` }])
}

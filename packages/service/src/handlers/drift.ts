import { DEFAULT_LIBVIRT_VERSION, driftDocument, parseLibvirtVersion } from '@devaddr/formats'
import type { LibvirtVersion, Result } from 'devaddr'

import { documentErrorResponse } from '../documentErrorResponse.ts'
import { type DomainRequest, unsupportedMediaType } from '../domainRequest.ts'
import { REQUEST_MEDIA_TYPES, syntaxOf } from '../mediaType.ts'
import { readQuery } from '../requestOptions.ts'
import { type ApiError, errorResponse, jsonResponse, type ServiceResponse } from '../response.ts'

/** The release a host runs before an upgrade when `?from=` is not given: Debian 12's 9.0. */
const FROM_DEFAULT: LibvirtVersion = '9.0'

/**
 * `POST /v1/drift?from=9.0&to=12.8`: the upgrade check. The body is one domain; the answer lists
 * every device whose address, model or acceptance would differ between the two libvirt
 * releases, each with the release differences that cause it (`driftDocument`).
 *
 * @returns 200 `{ from, to, changes: [...] }` (empty `changes`: no drift); 400 for a bad query
 *   or body, 415 for another media type
 */
export function handleDrift(req: DomainRequest): ServiceResponse {
  const syntax = syntaxOf(req.contentType)
  if (syntax === undefined) return unsupportedMediaType(req.contentType, Object.keys(REQUEST_MEDIA_TYPES))
  const { from: fromText, to: toText, ...rest } = req.query
  const errors: ApiError[] = []
  const from = release('from', fromText, FROM_DEFAULT, errors)
  const to = release('to', toText, DEFAULT_LIBVIRT_VERSION, errors)
  const query = readQuery(rest, ['existing', 'policy'])
  if (!query.ok) errors.push(...query.error)
  if (errors.length > 0 || !query.ok || from === undefined || to === undefined) return errorResponse(400, errors)
  if (req.body.trim() === '') return errorResponse(400, [{ code: 'empty-body', message: 'the request body is empty: send a domain' }])
  const report = driftDocument(req.body, syntax, { from, to, overrides: query.value })
  return report.ok ? jsonResponse(200, report.value) : documentErrorResponse(report.error)
}

function release(name: string, value: unknown, fallback: LibvirtVersion, errors: ApiError[]): LibvirtVersion | undefined {
  if (value === undefined) return fallback
  const parsed: Result<LibvirtVersion, unknown> = typeof value === 'string' ? parseLibvirtVersion(value) : { ok: false, error: undefined }
  if (parsed.ok) return parsed.value
  errors.push({
    code: 'invalid-parameter',
    message: `${name} must be a libvirt release devaddr imitates, given once, not ${JSON.stringify(value)}`,
  })
  return undefined
}

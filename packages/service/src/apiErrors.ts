import { type DocumentError, formatDocumentError, type FormatError, type XmlError } from '@devaddr/formats'

import type { ApiError } from './response.ts'
import { SERVICE_WORDING } from './serviceWording.ts'

/**
 * A pipeline error as the entries of an error body. Reading errors keep their own message and
 * put the place in `line`/`column`/`path`; engine errors are the engine's `AddrError`s, every
 * field passed through; options and internal errors carry `formatDocumentError`'s text.
 */
export function apiErrors(e: DocumentError): ApiError[] {
  switch (e.kind) {
    case 'xml':
      return [xmlApiError(e.error)]
    case 'data':
      return [formatApiError(e.error)]
    case 'addr':
      return e.errors.map((a) => ({ ...a }))
    case 'options':
      return [{ code: e.error.code, message: formatDocumentError(e, SERVICE_WORDING) }]
    case 'internal':
      // note: the exception's text is for the server log, not for clients
      return [{ code: 'internal', message: 'internal error in devaddr; the server log has the details' }]
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

import { type DocumentError, formatDocumentError } from '@devaddr/formats'

import { apiErrors } from './apiErrors.ts'
import { errorResponse, type ServiceResponse } from './response.ts'

/**
 * The response for a pipeline error: 400 for a document that cannot be read or options that
 * cannot be honoured (`unknown-policy`), 422 when the engine rejects the domain, 500 for a bug
 * (the details go to the server log through `ServiceResponse.internalError`).
 */
export function documentErrorResponse(e: DocumentError): ServiceResponse {
  switch (e.kind) {
    case 'xml':
    case 'data':
    case 'options':
      return errorResponse(400, apiErrors(e))
    case 'addr':
      return errorResponse(422, apiErrors(e))
    case 'internal':
      return { ...errorResponse(500, apiErrors(e)), internalError: formatDocumentError(e) }
  }
}

import { writeDocument } from '@devaddr/formats'

import { type DomainRequest, expandRequest } from '../domainRequest.ts'
import { RESPONSE_MEDIA_TYPES } from '../mediaType.ts'
import { type ServiceResponse, textResponse } from '../response.ts'

/**
 * `POST /v1/expand`: the domain with every address assigned, in the syntax it came in. XML is
 * written back into the request's own document (everything devaddr does not own is kept byte
 * for byte); YAML/JSON come out in devaddr's data format (`toYaml`/`toJson`).
 *
 * @returns 200 with the expanded domain; 400, 415, 422 or 500 with `{ errors }` (see `expandRequest`)
 */
export function handleExpand(req: DomainRequest): ServiceResponse {
  const r = expandRequest(req)
  if (!r.ok) return r.error
  const { domain, expansion } = r.value
  return textResponse(200, RESPONSE_MEDIA_TYPES[domain.syntax], writeDocument(domain, expansion))
}

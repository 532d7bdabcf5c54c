import { guestView } from 'devaddr'

import { type DomainRequest, expandRequest } from '../domainRequest.ts'
import { jsonResponse, type ServiceResponse } from '../response.ts'

/**
 * `POST /v1/explain`: takes what `/v1/expand` takes and answers, as JSON, why each device went
 * where it did, the limits the guest is near, and the `bb:ss.f` each PCI device has inside the
 * guest (firmware bus numbers, not the XML's controller indexes).
 *
 * @returns 200 `{ policy, explanations, warnings, guest }`; 400, 415 or 422 with `{ errors }`
 */
export function handleExplain(req: DomainRequest): ServiceResponse {
  const r = expandRequest(req)
  if (!r.ok) return r.error
  const { expansion } = r.value
  const guest: Record<string, string> = {}
  // note: guestView walks the buses in a fixed order, so the keys' order is deterministic too
  for (const [id, at] of guestView(expansion.devices)) guest[id] = at.bdf
  return jsonResponse(200, {
    policy: { name: expansion.policy.name, version: expansion.policy.version },
    explanations: expansion.explanations,
    warnings: expansion.warnings,
    guest,
  })
}

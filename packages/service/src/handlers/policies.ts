import { BUILTIN_POLICIES, LIBVIRT_POLICY } from 'devaddr'

import { jsonResponse, type ServiceResponse } from '../response.ts'

/**
 * `GET /v1/policies`: the policies devaddr ships, in `BUILTIN_POLICIES` order; `id` is what
 * `?policy=` takes. A shipped version never changes its addresses.
 */
export function handlePolicies(): ServiceResponse {
  return jsonResponse(200, {
    default: `${LIBVIRT_POLICY.name}@${LIBVIRT_POLICY.version}`,
    policies: BUILTIN_POLICIES.map((p) => ({ id: `${p.name}@${p.version}`, name: p.name, version: p.version, tunables: p.tunables })),
  })
}

/** `GET /healthz`: the process is up and answering. */
export function handleHealth(): ServiceResponse {
  return jsonResponse(200, { status: 'ok' })
}

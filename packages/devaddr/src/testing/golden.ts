import { expandDomain } from '../expandDomain.ts'
import type { Address } from '../model/address.ts'
import type { DomainInput } from '../model/domain.ts'
import type { Policy } from '../policy/policy.ts'

/** One recorded expansion: the input and, per device id, the address it got (or the rejection). */
export interface GoldenCase {
  input: DomainInput
  addresses?: Record<string, Address | null>
  rejected?: string
}

export interface GoldenFile {
  policy: Policy
  cases: GoldenCase[]
}

export const goldenFileName = (p: Policy) => `${p.name}@${p.version}.json`

export function goldenCase(input: DomainInput, policy: Policy): GoldenCase {
  // note: golden outputs are libvirt 9.9's, recorded before later releases were modelled
  const r = expandDomain(input, { policy, newDomain: true, libvirtVersion: '9.9' })
  if (!r.ok) return { input, rejected: r.error.map((e) => e.code).join(',') }
  return { input, addresses: Object.fromEntries(r.value.devices.map((d) => [d.id, d.address ?? null])) }
}

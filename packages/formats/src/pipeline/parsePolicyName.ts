import { BUILTIN_POLICIES, builtinPolicy, type Policy, type Result } from 'devaddr'

import { err, ok } from '../result.ts'
import type { OptionsError } from './documentError.ts'

/**
 * A shipped policy named `NAME` (its newest version) or `NAME@VERSION`: what a CLI `--policy`
 * or a `?policy=` query names when it is not a file. Names are lowercase; a version is a
 * positive integer without leading zeros.
 *
 * @returns the policy, or an `unknown-policy` error (source `override`)
 * @example parsePolicyName('kubevirt@1') // { ok: true, value: { name: 'kubevirt', version: 1, tunables: … } }
 * @public
 */
export function parsePolicyName(text: string): Result<Policy, OptionsError> {
  const m = /^([a-z0-9][a-z0-9-]*)(?:@([1-9][0-9]{0,8}))?$/.exec(text)
  const policy = m ? builtinPolicy(m[1]!, m[2] === undefined ? undefined : Number(m[2])) : undefined
  return policy !== undefined ? ok(policy) : err({ code: 'unknown-policy', source: 'override', text })
}

/**
 * `NAME@VERSION`, how a policy is named in options and messages.
 * @public
 */
export function policyId(policy: Pick<Policy, 'name' | 'version'>): string {
  return `${policy.name}@${policy.version}`
}

/** The ids of the shipped policies, in `BUILTIN_POLICIES` order. */
export function builtinPolicyIds(): string[] {
  return BUILTIN_POLICIES.map(policyId)
}

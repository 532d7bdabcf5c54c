import { BUILTIN_POLICIES, builtinPolicy, LIBVIRT_VERSIONS, type LibvirtVersion, type Policy, type Result } from 'devaddr'
import type { ApiError } from './response.ts'

/** A request's query string as the server hands it over: each value a string, or a list when repeated. */
export type Query = Readonly<Record<string, unknown>>

/** What the query asks of the engine; absent fields leave the choice to the document, then to the defaults. */
export interface QueryOptions {
  /** `?existing=1` → false (a stored configuration), `?existing=0` → true */
  newDomain?: boolean
  /** `?policy=NAME[@VERSION]`, a shipped policy */
  policy?: Policy
  /** `?libvirtVersion=9.0`: the libvirt release to imitate (default 9.9) */
  libvirtVersion?: LibvirtVersion
}

/**
 * Reads `existing`, `policy` and `libvirtVersion` from a query. Unknown or repeated parameters are refused, so a
 * misspelt option never silently changes the output.
 *
 * @param allowed the parameters this endpoint takes
 * @returns the options, or 400-worthy errors
 */
export function readQuery(query: Query, allowed: readonly ('existing' | 'policy' | 'libvirtVersion')[]): Result<QueryOptions, ApiError[]> {
  const errors: ApiError[] = []
  const out: QueryOptions = {}
  for (const [key, value] of Object.entries(query)) {
    if (!(allowed as readonly string[]).includes(key)) {
      errors.push({ code: 'unknown-parameter', message: `unknown query parameter "${key}"; this endpoint takes ${allowed.join(', ') || 'none'}` })
      continue
    }
    if (typeof value !== 'string') {
      errors.push({ code: 'invalid-parameter', message: `query parameter "${key}" must be given once` })
      continue
    }
    if (key === 'existing') {
      const newDomain = readExisting(value)
      if (newDomain === undefined) errors.push({ code: 'invalid-parameter', message: `existing must be 1, 0, true or false, not "${value}"` })
      else out.newDomain = newDomain
    } else if (key === 'libvirtVersion') {
      if ((LIBVIRT_VERSIONS as readonly string[]).includes(value)) out.libvirtVersion = value as LibvirtVersion
      else errors.push({ code: 'invalid-parameter', message: `libvirtVersion must be ${LIBVIRT_VERSIONS.join(' or ')}, not "${value}"` })
    } else {
      const policy = readPolicyName(value)
      if (policy.ok) out.policy = policy.value
      else errors.push(policy.error)
    }
  }
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: out }
}

function readExisting(value: string): boolean | undefined {
  switch (value) {
    case '1':
    case 'true':
      return false
    case '0':
    case 'false':
      return true
    default:
      return undefined
  }
}

/**
 * A shipped policy named `NAME` (its newest version) or `NAME@VERSION`.
 * @example readPolicyName('kubevirt@1')
 */
export function readPolicyName(text: string): Result<Policy, ApiError> {
  const m = /^([a-z0-9][a-z0-9-]*)(?:@([1-9][0-9]{0,8}))?$/.exec(text)
  const policy = m ? builtinPolicy(m[1]!, m[2] === undefined ? undefined : Number(m[2])) : undefined
  if (policy !== undefined) return { ok: true, value: policy }
  const known = BUILTIN_POLICIES.map((p) => `${p.name}@${p.version}`).join(', ')
  return { ok: false, error: { code: 'unknown-policy', message: `no built-in policy "${text}"; known: ${known} (see GET /v1/policies)` } }
}

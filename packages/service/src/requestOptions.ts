import { type DocumentOverrides, formatOptionsError, parseLibvirtVersion, parsePolicyName, parseQemuVersion } from '@devaddr/formats'
import type { Policy, Result } from 'devaddr'

import type { ApiError } from './response.ts'
import { SERVICE_WORDING } from './serviceWording.ts'

/** A request's query string as the server hands it over: each value a string, or a list when repeated. */
export type Query = Readonly<Record<string, unknown>>

/**
 * What the query asks of the engine: overrides of the document pipeline (`?existing=1` →
 * `newDomain: false`, `?existing=0` → true; `?policy=NAME[@VERSION]`, a shipped policy;
 * `?libvirtVersion=9.0`, `?qemu=10.0`, `?anyMachineVersion=1`). Absent fields leave the choice to the
 * document, then to the defaults.
 */
export type QueryOptions = Pick<DocumentOverrides, 'newDomain' | 'policy' | 'libvirtVersion' | 'qemu' | 'anyMachineVersion'>

/** A query parameter some endpoint takes. */
export type QueryParameter = 'existing' | 'policy' | 'libvirtVersion' | 'qemu' | 'anyMachineVersion'

/**
 * Reads `existing`, `policy`, `libvirtVersion`, `qemu` and `anyMachineVersion` from a query. Unknown or repeated parameters are refused, so a
 * misspelt option never silently changes the output.
 *
 * @param allowed the parameters this endpoint takes
 * @returns the options, or 400-worthy errors
 */
export function readQuery(query: Query, allowed: readonly QueryParameter[]): Result<QueryOptions, ApiError[]> {
  const errors: ApiError[] = []
  const out: QueryOptions = {}
  for (const [key, value] of Object.entries(query)) {
    if (!(allowed as readonly string[]).includes(key)) {
      errors.push({
        code: 'unknown-parameter',
        message: `unknown query parameter "${key}"; this endpoint takes ${allowed.join(', ') || 'none'}`,
      })
      continue
    }
    if (typeof value !== 'string') {
      errors.push({ code: 'invalid-parameter', message: `query parameter "${key}" must be given once` })
      continue
    }
    if (key === 'existing') {
      const newDomain = readExisting(value)
      if (newDomain === undefined)
        errors.push({ code: 'invalid-parameter', message: `existing must be 1, 0, true or false, not "${value}"` })
      else out.newDomain = newDomain
    } else if (key === 'anyMachineVersion') {
      const any = readFlag(value)
      if (any === undefined)
        errors.push({ code: 'invalid-parameter', message: `anyMachineVersion must be 1, 0, true or false, not "${value}"` })
      else if (any) out.anyMachineVersion = true
    } else if (key === 'libvirtVersion') {
      const version = parseLibvirtVersion(value)
      if (version.ok) out.libvirtVersion = version.value
      else errors.push({ code: 'invalid-parameter', message: formatOptionsError(version.error, SERVICE_WORDING) })
    } else if (key === 'qemu') {
      const qemu = parseQemuVersion(value)
      if (qemu.ok) out.qemu = qemu.value
      else errors.push({ code: 'invalid-parameter', message: formatOptionsError(qemu.error, SERVICE_WORDING) })
    } else {
      const policy = readPolicyName(value)
      if (policy.ok) out.policy = policy.value
      else errors.push(policy.error)
    }
  }
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: out }
}

/** `existing=1` asks for an existing domain: `newDomain` false. */
function readExisting(value: string): boolean | undefined {
  const existing = readFlag(value)
  return existing === undefined ? undefined : !existing
}

function readFlag(value: string): boolean | undefined {
  switch (value) {
    case '1':
    case 'true':
      return true
    case '0':
    case 'false':
      return false
    default:
      return undefined
  }
}

/**
 * A shipped policy named `NAME` (its newest version) or `NAME@VERSION` (`parsePolicyName`).
 * @example readPolicyName('kubevirt@1')
 */
export function readPolicyName(text: string): Result<Policy, ApiError> {
  const r = parsePolicyName(text)
  return r.ok ? r : { ok: false, error: { code: r.error.code, message: formatOptionsError(r.error, SERVICE_WORDING) } }
}

import { type DomainInput, expandDomain, type Expansion, type Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { type DocumentError, internalError } from './documentError.ts'
import type { ResolvedOptions } from './resolveOptions.ts'

/**
 * Runs the engine on an opened document with resolved options.
 *
 * @param explain false: skip `Expansion.explanations`, for a caller that only writes the expansion
 * @param warnings false: skip `Expansion.warnings`, for a caller that writes only the domain XML
 *
 * @returns the expansion; an `addr` error with the engine's `AddrError[]` unchanged when it
 *   rejects the domain; an `internal` error when the engine throws (a bug, but one document
 *   must never bring down a batch, a server or a worker)
 * @public
 */
export function runDocument(
  doc: { input: DomainInput },
  options: ResolvedOptions,
  explain = true,
  warnings = true,
): Result<Expansion, DocumentError> {
  try {
    const r = expandDomain(doc.input, explain && warnings ? options : { ...options, explain, warnings })
    return r.ok ? ok(r.value) : err({ kind: 'addr', errors: r.error })
  } catch (e) {
    return err(internalError(e))
  }
}

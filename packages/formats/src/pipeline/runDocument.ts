import { type DomainInput, expandDomain, type ExpandOptions, type Expansion, type Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { type DocumentError, internalError } from './documentError.ts'
import type { ResolvedOptions } from './resolveOptions.ts'

/**
 * Runs the engine on an opened document with resolved options.
 *
 * @param reads what the caller reads of the expansion, so that the engine makes nothing more:
 *   `explain: false` skips `Expansion.explanations` (a caller that only writes the expansion),
 *   `warnings: false` skips `Expansion.warnings` (a caller that writes only the domain XML).
 *   Default: both.
 *
 * @returns the expansion; an `addr` error with the engine's `AddrError[]` unchanged when it
 *   rejects the domain; an `internal` error when the engine throws (a bug, but one document
 *   must never bring down a batch, a server or a worker)
 * @public
 */
export function runDocument(
  doc: { input: DomainInput },
  options: ResolvedOptions,
  reads: Pick<ExpandOptions, 'explain' | 'warnings'> = {},
): Result<Expansion, DocumentError> {
  try {
    const r = expandDomain(doc.input, { ...options, ...reads })
    return r.ok ? ok(r.value) : err({ kind: 'addr', errors: r.error })
  } catch (e) {
    return err(internalError(e))
  }
}

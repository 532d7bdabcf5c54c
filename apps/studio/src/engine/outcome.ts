import type { ExpandOutcome } from './runExpansion.ts'

/** An expansion the engine produced. */
export type OkOutcome = Extract<ExpandOutcome, { ok: true }> & { sourceId?: number }

import type { StudioOutcome } from './finishOutcome.ts'

/** An expansion the engine produced. */
export type OkOutcome = Extract<StudioOutcome, { ok: true }> & { sourceId?: number }

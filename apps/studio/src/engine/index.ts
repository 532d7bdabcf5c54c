/**
 * The studio's engine binding, for other workspace packages (the parity test): what the
 * engine worker runs, without the UI.
 * @packageDocumentation
 */
export { runExpansion, formatStudioError, studioErrorOf, STUDIO_WORDING } from './runExpansion.ts'
export type { ExpandOutcome, StudioError, DocumentSummary } from './runExpansion.ts'
export { NO_EDITS } from './edits.ts'
export type { Edits } from './edits.ts'

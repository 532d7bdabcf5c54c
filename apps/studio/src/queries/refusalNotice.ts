import { type EditAction, labelOf, subjectOf } from '../engine/editActions.ts'
import { formatStudioError, type StudioError } from '../engine/runExpansion.ts'
import type { Notice, RefusedEdit } from '../store/viewSlice.ts'

/** The notice for an action the engine refused: its label, the engine's words and errors. */
export function refusalNotice(action: EditAction, error: StudioError): Notice {
  const label = labelOf(action)
  const refused: RefusedEdit = { label, errors: error.kind === 'addr' ? error.errors : [] }
  const subjectId = subjectOf(action)
  if (subjectId !== undefined) refused.subjectId = subjectId
  return { kind: 'error', text: `${label}: refused. ${formatStudioError(error)}`, refused }
}

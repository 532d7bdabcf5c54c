import type { StateCreator } from 'zustand'

import { type EditAction, labelOf } from '../engine/editActions.ts'
import { type Edits, NO_EDITS } from '../engine/edits.ts'
import { reduceEdits } from '../engine/reduceEdits.ts'
import type { StudioState } from './index.ts'

/** A domain XML the user opened; `id` changes whenever the text does. */
export interface Source {
  id: number
  name: string
  xml: string
}

let nextSourceId = 1

/** Makes a Source with a fresh id. */
export function newSource(xml: string, name: string): Source {
  return { id: nextSourceId++, name, xml }
}

/** The document and the user's edits: together they are what the engine expands. */
export interface DocumentSlice {
  source: Source | null
  edits: Edits
  /** opens a new document (undoable); `edits` restores a saved session */
  load: (xml: string, name: string, edits?: Edits) => void
  /**
   * applies one edit action (undoable, labelled `labelOf(action)`): the one way edits change.
   * Callers check the result with the engine first (`useProposeEdit`).
   */
  dispatch: (action: EditAction) => void
}

export const createDocumentSlice: StateCreator<StudioState, [], [], DocumentSlice> = (set, get) => ({
  source: null,
  edits: NO_EDITS,
  load: (xml, name, edits = NO_EDITS) => {
    // note: the first document is not undoable: undo never goes back to an empty page
    if (get().source) get().record(`open ${name}`)
    set({ source: newSource(xml, name), edits, selectedId: null, expandedRuns: [], groupOpen: {} })
  },
  dispatch: (action) => {
    const { edits, record } = get()
    const next = reduceEdits(edits, action)
    if (next === edits) return
    record(labelOf(action))
    set({ edits: next })
  },
})

import { create } from 'zustand'

import { createDocumentSlice, type DocumentSlice } from './documentSlice.ts'
import { createHistorySlice, type HistorySlice } from './historySlice.ts'
import { createSelectionSlice, type SelectionSlice } from './selectionSlice.ts'
import { createViewSlice, type ViewSlice } from './viewSlice.ts'

/** The studio's one store, built from slices (zustand's slices pattern). */
export type StudioState = DocumentSlice & HistorySlice & SelectionSlice & ViewSlice

export const useStudioStore = create<StudioState>()((...a) => ({
  ...createDocumentSlice(...a),
  ...createHistorySlice(...a),
  ...createSelectionSlice(...a),
  ...createViewSlice(...a),
}))

import type { StateCreator } from 'zustand'

import type { StudioState } from './index.ts'

/** A message for the user: an edit the engine refused, a copied link. */
export interface Notice {
  kind: 'error' | 'info'
  text: string
}

/** How the topology is drawn; none of it is undoable or saved with the document. */
export interface ViewSlice {
  /** outline what the engine added (Device.origin !== 'input') */
  highlightAdded: boolean
  collapseRepeats: boolean
  expandedRuns: string[]
  groupOpen: Record<string, boolean>
  showXml: boolean
  notice: Notice | null
  toggleHighlight: () => void
  toggleCollapse: () => void
  expandRun: (runId: string) => void
  setGroupOpen: (groupId: string, open: boolean) => void
  toggleXml: () => void
  setNotice: (notice: Notice | null) => void
}

export const createViewSlice: StateCreator<StudioState, [], [], ViewSlice> = (set) => ({
  highlightAdded: false,
  collapseRepeats: true,
  expandedRuns: [],
  groupOpen: {},
  showXml: false,
  notice: null,
  toggleHighlight: () => set((s) => ({ highlightAdded: !s.highlightAdded })),
  toggleCollapse: () => set((s) => ({ collapseRepeats: !s.collapseRepeats })),
  expandRun: (runId) => set((s) => (s.expandedRuns.includes(runId) ? s : { expandedRuns: [...s.expandedRuns, runId] })),
  setGroupOpen: (groupId, open) => set((s) => ({ groupOpen: { ...s.groupOpen, [groupId]: open } })),
  toggleXml: () => set((s) => ({ showXml: !s.showXml })),
  setNotice: (notice) => set({ notice }),
})

import type { AddrError } from 'devaddr'
import type { StateCreator } from 'zustand'

import type { StudioState } from './index.ts'

/** An edit the engine refused: what it was and the engine's errors, as data. */
export interface RefusedEdit {
  /** the action's label, `move disk vdb to 0000:05:00.0` */
  label: string
  /** the engine's errors; each names its device by `deviceId` when the engine knows it */
  errors: AddrError[]
  /** the device the edit was about, if any */
  subjectId?: string
}

/** A message for the user: an edit the engine refused, a copied link. */
export type Notice =
  | { kind: 'info'; text: string }
  | {
      kind: 'error'
      text: string
      /** set when the error is an edit the engine refused */
      refused?: RefusedEdit
      /** the device the error is about, when it is not an engine refusal (a drop on a full bus) */
      deviceId?: string
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
  /** the device search box's text */
  search: string
  /** ids of the devices the search finds (computed from the current outcome) */
  searchHits: string[]
  setSearch: (search: string) => void
  setSearchHits: (ids: string[]) => void
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
  search: '',
  searchHits: [],
  setSearch: (search) => set({ search }),
  setSearchHits: (searchHits) => set((s) => (s.searchHits.join('\n') === searchHits.join('\n') ? s : { searchHits })),
  toggleHighlight: () => set((s) => ({ highlightAdded: !s.highlightAdded })),
  toggleCollapse: () => set((s) => ({ collapseRepeats: !s.collapseRepeats })),
  expandRun: (runId) => set((s) => (s.expandedRuns.includes(runId) ? s : { expandedRuns: [...s.expandedRuns, runId] })),
  setGroupOpen: (groupId, open) => set((s) => ({ groupOpen: { ...s.groupOpen, [groupId]: open } })),
  toggleXml: () => set((s) => ({ showXml: !s.showXml })),
  setNotice: (notice) => set({ notice }),
})

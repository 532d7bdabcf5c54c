import type { StateCreator } from 'zustand'

import type { StudioState } from './index.ts'

/** Which device the inspector shows, and which node a dragged device is over. */
export interface SelectionSlice {
  /** a device id of the current expansion */
  selectedId: string | null
  /** the node a drag would drop on, highlighted while dragging */
  dropTargetId: string | null
  /** a request to bring a device into view (from the problems list or the inspector) */
  reveal: { id: string; n: number } | null
  select: (id: string | null) => void
  /** selects a device and scrolls the canvas to it */
  focus: (id: string) => void
  setDropTarget: (id: string | null) => void
}

export const createSelectionSlice: StateCreator<StudioState, [], [], SelectionSlice> = (set) => ({
  selectedId: null,
  dropTargetId: null,
  reveal: null,
  select: (id) => set({ selectedId: id }),
  focus: (id) => set((s) => ({ selectedId: id, reveal: { id, n: (s.reveal?.n ?? 0) + 1 } })),
  setDropTarget: (id) => set((s) => (s.dropTargetId === id ? s : { dropTargetId: id })),
})

import type { StateCreator } from 'zustand'

import type { Edits } from '../engine/edits.ts'
import type { Source } from './documentSlice.ts'
import type { StudioState } from './index.ts'

/** The document state before a change, and what the change was. */
export interface HistoryEntry {
  source: Source | null
  edits: Edits
  label: string
}

const LIMIT = 200

/** Undo/redo over the document and edits (not over selection or view settings). */
export interface HistorySlice {
  past: HistoryEntry[]
  future: HistoryEntry[]
  /** saves the current state before a change labelled `label` */
  record: (label: string) => void
  undo: () => void
  redo: () => void
}

export const createHistorySlice: StateCreator<StudioState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  record: (label) => {
    const { source, edits, past } = get()
    set({ past: [...past.slice(-LIMIT + 1), { source, edits, label }], future: [] })
  },
  undo: () => {
    const { past, future, source, edits } = get()
    const prev = past[past.length - 1]
    if (!prev) return
    set({
      past: past.slice(0, -1),
      future: [{ source, edits, label: prev.label }, ...future],
      source: prev.source,
      edits: prev.edits,
      notice: null,
    })
  },
  redo: () => {
    const { past, future, source, edits } = get()
    const next = future[0]
    if (!next) return
    set({
      past: [...past, { source, edits, label: next.label }],
      future: future.slice(1),
      source: next.source,
      edits: next.edits,
      notice: null,
    })
  },
})

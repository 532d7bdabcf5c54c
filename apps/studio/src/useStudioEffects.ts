import { useEffect } from 'react'

import { DEFAULT_EXAMPLE } from './examples/examples.ts'
import { useLoadExample } from './queries/useExampleTopology.ts'
import { decodeSession } from './share/shareLink.ts'
import { loadAutosave, startAutosave } from './store/autosave.ts'
import { useStudioStore } from './store/index.ts'

let booted = false

/**
 * Opens the first document: a shared link's, else the autosaved session, else the default
 * example. Then autosaves every change.
 */
export function useBoot(): void {
  const loadExample = useLoadExample()
  useEffect(() => {
    if (booted) return
    booted = true
    startAutosave()
    void (async () => {
      const shared = await decodeSession(location.hash)
      const { load } = useStudioStore.getState()
      if (shared) {
        load(shared.xml, shared.name, shared.edits)
        history.replaceState(null, '', location.pathname + location.search)
        return
      }
      const saved = loadAutosave()
      if (saved) {
        load(saved.xml, saved.name, saved.edits)
        return
      }
      await loadExample(DEFAULT_EXAMPLE)
    })()
  }, [loadExample])
}

/** Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (not while typing in a field). */
export function useUndoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return
      const t = e.target as HTMLElement | null
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return
      const key = e.key.toLowerCase()
      if (key === 'z' && !e.shiftKey) useStudioStore.getState().undo()
      else if ((key === 'z' && e.shiftKey) || key === 'y') useStudioStore.getState().redo()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

import { asSession, type SavedSession } from '../share/shareLink.ts'
import { useStudioStore } from './index.ts'

const KEY = 'devaddr-studio:session'

/** The session saved by the last visit, if any. */
export function loadAutosave(): SavedSession | null {
  try {
    const text = localStorage.getItem(KEY)
    return text ? asSession(JSON.parse(text)) : null
  } catch {
    return null
  }
}

/** Saves the document and edits to localStorage shortly after each change. @returns unsubscribe */
export function startAutosave(delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const unsubscribe = useStudioStore.subscribe((s, prev) => {
    if (s.source === prev.source && s.edits === prev.edits) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      const { source, edits } = useStudioStore.getState()
      if (!source) return
      const session: SavedSession = { v: 1, name: source.name, xml: source.xml, edits }
      try {
        localStorage.setItem(KEY, JSON.stringify(session))
      } catch (e) {
        console.warn('autosave failed', e)
      }
    }, delayMs)
  })
  return () => {
    clearTimeout(timer)
    unsubscribe()
  }
}

import ELK from 'elkjs/lib/elk-api.js'
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url'
import { useEffect, useState } from 'react'

import type { FlowModel } from './flowTypes.ts'
import { type Layout, LayoutCache, layoutFlow } from './layout.ts'

// note: ELK runs in its own worker, so laying out a thousand devices never blocks the page.
const elk = new ELK({ workerUrl: elkWorkerUrl })
// note: one per page: an edit, an undo or a toggle back lays out only the containers it changed
const cache = new LayoutCache()

/**
 * The layout of `model`, computed off the main thread; the previous one while the next is
 * computed. `laidOut` is the model the layout is of: what is drawn with the layout (its edges)
 * comes from it, so that a new model does not redraw the old layout before its own is ready.
 */
export function useLayout(model: FlowModel | null): { layout: Layout | null; ms: number; pending: boolean; laidOut: FlowModel | null } {
  const [state, setState] = useState<{ layout: Layout | null; ms: number; model: FlowModel | null }>({ layout: null, ms: 0, model: null })
  useEffect(() => {
    if (!model) return
    let live = true
    const t0 = performance.now()
    layoutFlow(model, elk, cache).then(
      (layout) => {
        if (live) setState({ layout, ms: Math.round(performance.now() - t0), model })
      },
      (e: unknown) => console.warn('layout failed', e),
    )
    return () => {
      live = false
    }
  }, [model])
  return { layout: state.layout, ms: state.ms, pending: model !== state.model, laidOut: state.model }
}

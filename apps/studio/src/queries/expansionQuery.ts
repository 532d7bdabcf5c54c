import { keepPreviousData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'

import { type EditAction, labelOf } from '../engine/editActions.ts'
import type { Edits } from '../engine/edits.ts'
import { engineClient } from '../engine/engineClient.ts'
import type { StudioOutcome as ExpandOutcome } from '../engine/finishOutcome.ts'
import { reduceEdits } from '../engine/reduceEdits.ts'
import type { Source } from '../store/documentSlice.ts'
import { useStudioStore } from '../store/index.ts'
import { refusalNotice } from './refusalNotice.ts'

/**
 * The engine's answer for a document and edits, computed in the worker and cached by
 * react-query: undo and redo find their expansion in the cache.
 * note: the key holds the source id, not the text, so that hashing it stays cheap.
 */
export function expansionQuery(source: Source, edits: Edits) {
  return queryOptions({
    queryKey: ['expansion', source.id, edits] as const,
    queryFn: async (): Promise<ExpandOutcome & { sourceId: number }> => ({
      ...(await engineClient.expand(source.xml, edits)),
      sourceId: source.id,
    }),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  })
}

/** The current expansion (the previous one stays on screen while the next is computed). */
export function useExpansion() {
  const source = useStudioStore((s) => s.source)
  const edits = useStudioStore((s) => s.edits)
  return useQuery({
    ...expansionQuery(source ?? { id: 0, name: '', xml: '' }, edits),
    enabled: source !== null,
    placeholderData: keepPreviousData,
  })
}

/**
 * Runs an edit action through the engine first; dispatches it to the store only if the engine
 * accepts the result, else shows the refusal (with the engine's errors as data). Every edit in
 * the studio goes through here.
 *
 * @returns a function resolving to true when the edit was applied
 */
export function useProposeEdit(): (action: EditAction) => Promise<boolean> {
  const client = useQueryClient()
  return useCallback(
    async (action) => {
      const { source, edits, setNotice } = useStudioStore.getState()
      if (!source) return false
      const next = reduceEdits(edits, action)
      if (next === edits) return true
      const query = expansionQuery(source, next)
      const outcome = await client.fetchQuery(query)
      const current = client.getQueryData(expansionQuery(source, edits).queryKey)
      // note: on a document the engine refuses, an edit that leaves it refused is still taken:
      // fixing a document may take more than one step (each conflict in turn)
      const fixing = current !== undefined && !current.ok && current.error.kind === 'addr' && !outcome.ok && outcome.error.kind === 'addr'
      if (!outcome.ok && !fixing) client.removeQueries({ queryKey: query.queryKey, exact: true })
      const now = useStudioStore.getState()
      // note: the source or the edits may have changed while the worker ran; then the edit is stale
      if (now.source !== source || now.edits !== edits) return false
      if (fixing) {
        now.dispatch(action)
        setNotice({ kind: 'info', text: `${labelOf(action)}: the domain is still refused (see Problems)` })
        return true
      }
      if (!outcome.ok) {
        setNotice(refusalNotice(action, outcome.error))
        return false
      }
      now.dispatch(action)
      setNotice(null)
      return true
    },
    [client],
  )
}

import { keepPreviousData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'

import type { Edits } from '../engine/edits.ts'
import { engineClient } from '../engine/engineClient.ts'
import { formatStudioError, type ExpandOutcome } from '../engine/runExpansion.ts'
import type { Source } from '../store/documentSlice.ts'
import { useStudioStore } from '../store/index.ts'

/**
 * The engine's answer for a document and edits, computed in the worker and cached by
 * react-query: undo and redo find their expansion in the cache.
 * note: the key holds the source id, not the text, so that hashing it stays cheap.
 */
export function expansionQuery(source: Source, edits: Edits) {
  return queryOptions({
    queryKey: ['expansion', source.id, edits] as const,
    queryFn: async (): Promise<ExpandOutcome & { sourceId: number }> => ({ ...(await engineClient.expand(source.xml, edits)), sourceId: source.id }),
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
 * Runs proposed edits through the engine first; commits them only if it accepts, else shows its
 * message. Every edit in the studio goes through here.
 *
 * @returns a function resolving to true when the edit was applied
 */
export function useProposeEdit(): (edits: Edits, label: string) => Promise<boolean> {
  const client = useQueryClient()
  return useCallback(
    async (edits, label) => {
      const { source, commit, setNotice } = useStudioStore.getState()
      if (!source) return false
      const query = expansionQuery(source, edits)
      const outcome = await client.fetchQuery(query)
      if (!outcome.ok) {
        client.removeQueries({ queryKey: query.queryKey, exact: true })
        setNotice({ kind: 'error', text: `${label}: refused. ${formatStudioError(outcome.error)}` })
        return false
      }
      // note: the source may have changed while the worker ran; then the edit is stale
      if (useStudioStore.getState().source !== source) return false
      commit(edits, label)
      setNotice(null)
      return true
    },
    [client],
  )
}

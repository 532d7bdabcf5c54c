import { queryOptions, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'

import type { ExampleTopology } from '../examples/examples.ts'
import { useStudioStore } from '../store/index.ts'

/** Fetches an example's domain XML from the publicDir. */
export function exampleQuery(example: ExampleTopology) {
  return queryOptions({
    queryKey: ['example', example.url] as const,
    queryFn: async ({ signal }): Promise<string> => {
      const res = await fetch(new URL(example.url, document.baseURI), { signal })
      if (!res.ok) throw new Error(`GET ${example.url}: ${res.status} ${res.statusText}`)
      return res.text()
    },
    staleTime: Infinity,
  })
}

/** Opens an example template: fetched once through react-query, then loaded as a new document. */
export function useLoadExample(): (example: ExampleTopology) => Promise<void> {
  const client = useQueryClient()
  return useCallback(
    async (example) => {
      try {
        const xml = await client.fetchQuery(exampleQuery(example))
        useStudioStore.getState().load(xml, example.id)
      } catch (e) {
        useStudioStore
          .getState()
          .setNotice({ kind: 'error', text: `Could not load ${example.url}: ${e instanceof Error ? e.message : String(e)}` })
      }
    },
    [client],
  )
}

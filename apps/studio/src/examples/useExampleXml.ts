import { useEffect, useState } from 'react'

import type { ExampleTopology } from './examples.ts'

/** Loading state of an example's XML text. */
export type ExampleXmlState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'success'; xml: string }

/**
 * Fetches an example's domain XML from the publicDir.
 * note: a stand-in until react-query arrives (queries/useExampleTopology.ts).
 */
export function useExampleXml(example: ExampleTopology): ExampleXmlState {
  const [state, setState] = useState<ExampleXmlState>({ status: 'loading' })

  useEffect(() => {
    const controller = new AbortController()
    setState({ status: 'loading' })
    fetch(new URL(example.url, document.baseURI), { signal: controller.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`GET ${example.url}: ${res.status} ${res.statusText}`)
        setState({ status: 'success', xml: await res.text() })
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return
        setState({ status: 'error', message: e instanceof Error ? e.message : String(e) })
      })
    return () => controller.abort()
  }, [example.url])

  return state
}

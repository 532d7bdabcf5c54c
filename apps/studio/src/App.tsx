import { useEffect, useMemo } from 'react'

import { publishE2eState } from './e2eApi.ts'
import { DEFAULT_EXAMPLE } from './examples/examples.ts'
import { useExampleXml } from './examples/useExampleXml.ts'
import { DeviceTable } from './panels/DeviceTable.tsx'
import { ErrorPanel } from './panels/ErrorPanel.tsx'
import { XmlPane } from './panels/XmlPane.tsx'
import { expandXml } from './xml/expandXml.ts'
import { readDevices } from './xml/readDevices.ts'

/** The view the page renders, derived from the example's XML. */
type View =
  | { status: 'loading' }
  | { status: 'error'; title: string; message: string }
  | { status: 'ready'; xml: string; rows: ReturnType<typeof readDevices> & { ok: true } }

export function App() {
  const example = DEFAULT_EXAMPLE
  const source = useExampleXml(example)

  const view = useMemo((): View => {
    switch (source.status) {
      case 'loading':
        return { status: 'loading' }
      case 'error':
        return { status: 'error', title: `Could not load ${example.url}`, message: source.message }
      case 'success': {
        const expanded = expandXml(source.xml)
        if (!expanded.ok) return { status: 'error', title: 'devaddr could not expand this domain', message: expanded.message }
        const rows = readDevices(expanded.xml)
        if (!rows.ok) return { status: 'error', title: 'The expanded XML is not well-formed', message: rows.message }
        return { status: 'ready', xml: expanded.xml, rows }
      }
    }
  }, [source, example.url])

  useEffect(() => {
    publishE2eState({
      status: view.status,
      exampleId: example.id,
      devices: view.status === 'ready' ? view.rows.rows : [],
      expandedXml: view.status === 'ready' ? view.xml : null,
    })
  }, [view, example.id])

  return (
    <div className="app">
      <header className="app-header">
        <h1 data-testid="app-title">devaddr studio</h1>
        <p className="example-title" data-testid="example-title">
          Example: {example.title}
        </p>
      </header>
      <main className="app-main" data-testid="app-main" data-status={view.status}>
        {view.status === 'loading' && <p data-testid="loading">Loading {example.url}…</p>}
        {view.status === 'error' && <ErrorPanel title={view.title} message={view.message} />}
        {view.status === 'ready' && (
          <>
            <section className="panel">
              <h2>Devices</h2>
              <DeviceTable rows={view.rows.rows} />
            </section>
            <section className="panel">
              <h2>Expanded domain XML</h2>
              <XmlPane xml={view.xml} />
            </section>
          </>
        )}
      </main>
    </div>
  )
}

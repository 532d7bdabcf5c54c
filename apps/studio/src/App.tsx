import { useEffect, type DragEvent } from 'react'

import { TopologyCanvas } from './canvas/TopologyCanvas.tsx'
import { formatAddressShort } from './canvas/deviceText.ts'
import { publishE2eState } from './e2eApi.ts'
import { formatStudioError } from './engine/runExpansion.ts'
import { ErrorPanel } from './panels/ErrorPanel.tsx'
import { Inspector } from './panels/Inspector.tsx'
import { Palette } from './panels/Palette.tsx'
import { ProblemsPanel } from './panels/ProblemsPanel.tsx'
import { Toolbar } from './panels/Toolbar.tsx'
import { XmlPane } from './panels/XmlPane.tsx'
import { useExpansion } from './queries/expansionQuery.ts'
import { useImportFile } from './queries/useImportFile.ts'
import { useStudioStore } from './store/index.ts'
import { useBoot, useUndoKeys } from './useStudioEffects.ts'

const ERROR_TITLE = {
  xml: 'This is not a readable libvirt domain XML',
  addr: 'devaddr refused this domain',
  internal: 'devaddr failed on this domain',
} as const

/** The studio: toolbar, palette, topology canvas, inspector and problems. */
export function App() {
  useBoot()
  useUndoKeys()
  const source = useStudioStore((s) => s.source)
  const edits = useStudioStore((s) => s.edits)
  const showXml = useStudioStore((s) => s.showXml)
  const notice = useStudioStore((s) => s.notice)
  const setNotice = useStudioStore((s) => s.setNotice)
  const canUndo = useStudioStore((s) => s.past.length > 0)
  const canRedo = useStudioStore((s) => s.future.length > 0)
  const selectedId = useStudioStore((s) => s.selectedId)
  const importFile = useImportFile()
  const query = useExpansion()
  const outcome = query.data
  const current = !query.isPlaceholderData
  const ok = outcome?.ok ? outcome : null
  const status = !source || query.isPending || !current ? 'loading' : outcome?.ok ? 'ready' : 'error'

  useEffect(() => {
    publishE2eState({
      status,
      sourceName: source?.name ?? null,
      error: outcome && !outcome.ok && current ? { kind: outcome.error.kind, message: formatStudioError(outcome.error), line: outcome.error.kind === 'xml' ? (outcome.error.line ?? null) : null } : null,
      devices:
        ok?.expansion.devices.map((d) => ({
          id: d.id,
          kind: d.kind,
          model: d.model ?? null,
          origin: d.origin,
          address: d.address ?? null,
          xmlAddress: formatAddressShort(d.address),
          guestBdf: ok.guest?.[d.id] ?? null,
          index: d.index ?? null,
          hotplug: d.target?.hotplug ?? null,
          numaNode: d.target?.node ?? d.numaNode ?? null,
        })) ?? [],
      expandedXml: ok?.expandedXml ?? null,
      warnings: ok?.expansion.warnings ?? [],
      edits,
      canUndo,
      canRedo,
      notice,
      selectedId,
      engineMs: outcome?.ms ?? null,
    })
  }, [status, source, outcome, ok, current, edits, canUndo, canRedo, notice, selectedId])

  useEffect(() => {
    if (notice?.kind !== 'info') return
    const t = setTimeout(() => setNotice(null), 4000)
    return () => clearTimeout(t)
  }, [notice, setNotice])

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files')) {
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
    }
  }
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0]
    if (!file) return
    e.preventDefault()
    importFile.mutate(file)
  }

  return (
    <div className="app" onDragOver={onDragOver} onDrop={onDrop}>
      <header className="app-header">
        <div className="brand">
          <h1 data-testid="app-title">devaddr studio</h1>
          <span className="doc-name" data-testid="doc-name">
            {source?.name ?? '…'}
            {ok && (
              <span className="machine">
                {' '}
                · {ok.expansion.arch} {ok.expansion.machine} · {ok.expansion.devices.length} devices · policy {ok.expansion.policy.name}
              </span>
            )}
          </span>
        </div>
        <Toolbar outcome={ok} />
      </header>
      <div className="workspace">
        <Palette outcome={ok} />
        <main className="app-main" data-testid="app-main" data-status={status}>
          {outcome && !outcome.ok ? (
            <ErrorPanel title={ERROR_TITLE[outcome.error.kind]} error={outcome.error} {...(source ? { xml: source.xml } : {})} />
          ) : ok ? (
            <TopologyCanvas outcome={ok} />
          ) : (
            <p className="loading" data-testid="loading">
              {query.isError ? `The engine worker failed: ${query.error.message}` : 'Expanding…'}
            </p>
          )}
          {showXml && ok && <XmlPane xml={ok.expandedXml} />}
          {notice && (
            <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice" data-kind={notice.kind}>
              <span>{notice.text}</span>
              <button type="button" onClick={() => setNotice(null)} aria-label="dismiss">
                ×
              </button>
            </div>
          )}
        </main>
        <aside className="sidebar">
          <Inspector outcome={ok} />
          <ProblemsPanel outcome={ok} />
        </aside>
      </div>
    </div>
  )
}

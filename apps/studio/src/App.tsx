import { DEFAULT_LIBVIRT_VERSION } from '@devaddr/formats'
import { type DragEvent, useEffect, useMemo } from 'react'

import { searchDevices } from './canvas/deviceSearch.ts'
import { formatAddressShort } from './canvas/deviceText.ts'
import { TopologyCanvas } from './canvas/TopologyCanvas.tsx'
import { publishE2eState } from './e2eApi.ts'
import type { OkOutcome } from './engine/outcome.ts'
import { formatStudioError } from './engine/runExpansion.ts'
import { ErrorPanel } from './panels/ErrorPanel.tsx'
import { Inspector } from './panels/Inspector.tsx'
import { Palette } from './panels/Palette.tsx'
import { documentProblems } from './panels/problems.ts'
import { ProblemsPanel } from './panels/ProblemsPanel.tsx'
import { SearchBox } from './panels/SearchBox.tsx'
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
  // note: a document the engine refused is still drawn (read-only) when its errors name devices
  const drawing = outcome && !outcome.ok ? outcome.drawing : undefined
  const drawn = useMemo<OkOutcome | null>(() => {
    if (!drawing || !outcome || outcome.ok) return null
    const summary = outcome.summary ?? { arch: drawing.expansion.arch, machine: drawing.expansion.machine, numaNodes: 0, inputIds: [] }
    return {
      ok: true,
      expansion: drawing.expansion,
      expandedXml: '',
      guest: drawing.guest,
      // note: the document's devices stay editable: moving or removing one at fault fixes the document
      summary,
      ms: outcome.ms,
      facts: drawing.facts,
      numaCells: [],
      sourceId: outcome.sourceId,
    }
  }, [drawing, outcome])
  const marked = useMemo(() => (drawing ? new Set(drawing.offenders) : undefined), [drawing])
  // note: a refusal is listed in Problems whether or not the domain can be drawn: the panel never
  // says 'No errors' beside a refused document
  const documentErrors = useMemo(
    () =>
      outcome && !outcome.ok && outcome.error.kind === 'addr'
        ? documentProblems(outcome.error.errors, drawing?.expansion.devices ?? [], drawing?.offenders ?? [])
        : [],
    [drawing, outcome],
  )
  const shown = ok ?? drawn
  const search = useStudioStore((s) => s.search)
  const setSearchHits = useStudioStore((s) => s.setSearchHits)
  useEffect(() => {
    setSearchHits(shown ? searchDevices(shown.expansion.devices, shown.facts, search, shown.guest) : [])
  }, [shown, search, setSearchHits])

  useEffect(() => {
    publishE2eState({
      status,
      sourceName: source?.name ?? null,
      error:
        outcome && !outcome.ok && current
          ? {
              kind: outcome.error.kind,
              message: formatStudioError(outcome.error),
              line: outcome.error.kind === 'xml' ? (outcome.error.line ?? null) : null,
            }
          : null,
      devices: () =>
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
      libvirtVersion: edits.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION,
      canUndo,
      canRedo,
      notice,
      selectedId,
      engineMs: outcome?.ms ?? null,
      select: (id: string | null) => (id === null ? useStudioStore.getState().select(null) : useStudioStore.getState().focus(id)),
      facts: ok?.facts ?? {},
      offenders: drawing?.offenders ?? [],
    })
  }, [status, source, outcome, ok, current, edits, canUndo, canRedo, notice, selectedId, drawing])

  // the page title is the domain's <name> (several tabs, a window list, a screenshot in a ticket)
  const domainName = outcome?.summary?.name ?? source?.name
  useEffect(() => {
    document.title = domainName ? `${domainName} · devaddr studio` : 'devaddr studio'
  }, [domainName])

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
              <span
                className="machine"
                title={`${ok.expansion.arch} ${ok.expansion.machine} · ${ok.expansion.devices.length} devices · policy ${ok.expansion.policy.name}`}
              >
                {' '}
                · {ok.expansion.arch} {ok.expansion.machine}
                <span className="machine-more">
                  {' '}
                  · {ok.expansion.devices.length} devices · policy {ok.expansion.policy.name}
                </span>
              </span>
            )}
          </span>
        </div>
        <SearchBox outcome={shown} />
        <Toolbar outcome={ok} />
      </header>
      <div className="workspace">
        <Palette outcome={ok} />
        <main className="app-main" data-testid="app-main" data-status={status}>
          {drawn && outcome && !outcome.ok ? (
            <>
              {/* note: above the canvas, not over it: the fitted drawing starts below the banner, so
                  the banner never hides the root complex's header */}
              <div className="invalid-banner" role="alert" data-testid="invalid-banner" data-as={drawing?.as ?? 'marked'}>
                {drawing?.as === 'machine-family' ? (
                  <>
                    libvirt {edits.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION} refuses this domain: its QEMU has no machine type &apos;
                    {drawing.expansion.machine}&apos; (see Problems). Drawn as the rest of that machine&apos;s family is addressed, for
                    reading; there is nothing to export for this release.
                  </>
                ) : (
                  <>
                    devaddr refused this domain: {documentErrors.length} {documentErrors.length === 1 ? 'error' : 'errors'}, the devices at
                    fault are marked. Move or remove one of them to fix it; see Problems.
                  </>
                )}
              </div>
              <TopologyCanvas outcome={drawn} {...(marked ? { marked } : {})} />
            </>
          ) : outcome && !outcome.ok ? (
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
            <div
              className={`notice notice-${notice.kind}`}
              role={notice.kind === 'error' ? 'alert' : 'status'}
              data-testid="notice"
              data-kind={notice.kind}
            >
              <span>{notice.text}</span>
              <button type="button" onClick={() => setNotice(null)} aria-label="dismiss">
                ×
              </button>
            </div>
          )}
        </main>
        <aside className="sidebar">
          <Inspector outcome={shown} />
          <ProblemsPanel outcome={shown} documentErrors={documentErrors} />
        </aside>
      </div>
    </div>
  )
}

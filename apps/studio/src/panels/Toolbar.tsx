import { DEFAULT_LIBVIRT_VERSION } from '@devaddr/formats'
import { useReactFlow } from '@xyflow/react'
import { LIBVIRT_VERSIONS } from 'devaddr'
import { useEffect, useRef, useState } from 'react'

import type { OkOutcome } from '../engine/outcome.ts'
import { EXAMPLES } from '../examples/examples.ts'
import { diagramSvg } from '../export/diagramSvg.ts'
import { copyText, devicesJson, devicesYaml, diagramImage, download } from '../export/exporters.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'
import { useLoadExample } from '../queries/useExampleTopology.ts'
import { useImportFile } from '../queries/useImportFile.ts'
import { encodeSession } from '../share/shareLink.ts'
import { useStudioStore } from '../store/index.ts'
import { NumaCellsEditor } from './NumaCellsEditor.tsx'
import { PasteDialog } from './PasteDialog.tsx'

/** A number field applied with a button, for the spare-port and NUMA controls. */
function NumberControl(props: {
  label: string
  testId: string
  value: number | undefined
  placeholder: string
  min: number
  max: number
  onApply: (n: number | undefined) => void
  title: string
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value))
  useEffect(() => setText(props.value === undefined ? '' : String(props.value)), [props.value])
  const n = text.trim() === '' ? undefined : Number(text)
  const valid = n === undefined || (Number.isInteger(n) && n >= props.min && n <= props.max)
  return (
    <form
      className="number-control"
      title={props.title}
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) props.onApply(n)
      }}
    >
      <label>
        {props.label}{' '}
        <input
          data-testid={`${props.testId}-input`}
          type="number"
          min={props.min}
          max={props.max}
          value={text}
          placeholder={props.placeholder}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" data-testid={`${props.testId}-apply`} disabled={!valid || n === props.value} title="apply" aria-label="apply">
        ✓
      </button>
    </form>
  )
}

/** Open, undo/redo, policy controls, view toggles, export and share. */
export function Toolbar({ outcome }: { outcome: OkOutcome | null }) {
  const source = useStudioStore((s) => s.source)
  const edits = useStudioStore((s) => s.edits)
  const canUndo = useStudioStore((s) => s.past.length > 0)
  const canRedo = useStudioStore((s) => s.future.length > 0)
  const undo = useStudioStore((s) => s.undo)
  const redo = useStudioStore((s) => s.redo)
  const highlightAdded = useStudioStore((s) => s.highlightAdded)
  const collapseRepeats = useStudioStore((s) => s.collapseRepeats)
  const showXml = useStudioStore((s) => s.showXml)
  const setNotice = useStudioStore((s) => s.setNotice)
  const loadExample = useLoadExample()
  const importFile = useImportFile()
  const propose = useProposeEdit()
  const rf = useReactFlow()
  const fileInput = useRef<HTMLInputElement>(null)
  const openMenu = useRef<HTMLDetailsElement>(null)
  const [pasting, setPasting] = useState(false)
  const name = source?.name ?? 'domain'

  const exportImage = async (format: 'png' | 'svg') => {
    try {
      if (format === 'svg') {
        download(`${name}.svg`, diagramSvg(rf.getNodes(), rf.getEdges(), name), 'image/svg+xml')
        return
      }
      const url = await diagramImage(rf.getNodes())
      const blob = await (await fetch(url)).blob()
      download(`${name}.png`, blob)
    } catch (e) {
      setNotice({ kind: 'error', text: `Image export failed: ${e instanceof Error ? e.message : String(e)}` })
    }
  }

  return (
    <div className="toolbar" data-testid="toolbar">
      <div className="tool-group">
        <select
          data-testid="example-select"
          value=""
          onChange={(e) => {
            const ex = EXAMPLES.find((x) => x.id === e.target.value)
            if (ex) void loadExample(ex)
          }}
        >
          <option value="">Examples…</option>
          {EXAMPLES.map((ex) => (
            <option key={ex.id} value={ex.id} title={ex.title}>
              {ex.id}
            </option>
          ))}
        </select>
        <details className="menu" data-testid="open-menu" ref={openMenu}>
          <summary title="open a domain XML: a file (or drop one on the page), or pasted text">Open ▾</summary>
          <div className="menu-items menu-left">
            <button
              type="button"
              data-testid="open-file"
              onClick={() => {
                openMenu.current?.removeAttribute('open')
                fileInput.current?.click()
              }}
            >
              File…
            </button>
            <button
              type="button"
              data-testid="paste-open"
              onClick={() => {
                openMenu.current?.removeAttribute('open')
                setPasting(true)
              }}
            >
              Paste XML…
            </button>
          </div>
        </details>
        <input
          ref={fileInput}
          type="file"
          accept=".xml,application/xml,text/xml"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) importFile.mutate(f)
            e.target.value = ''
          }}
        />
      </div>
      <div className="tool-group">
        <button type="button" data-testid="undo" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)" aria-label="undo">
          ↶
        </button>
        <button type="button" data-testid="redo" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)" aria-label="redo">
          ↷
        </button>
      </div>
      <div className="tool-group">
        <label
          className="release"
          title={`the libvirt release (with its QEMU) whose address assignment the engine imitates; the exported XML is what that release defines. ★ the default, ${DEFAULT_LIBVIRT_VERSION}`}
        >
          libvirt{' '}
          <select
            data-testid="libvirt-version"
            value={edits.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION}
            disabled={!source}
            onChange={(e) => {
              const version = LIBVIRT_VERSIONS.find((v) => v === e.target.value)
              if (version) void propose({ type: 'set-libvirt-version', version })
            }}
          >
            {LIBVIRT_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {v}
                {v === DEFAULT_LIBVIRT_VERSION ? ' ★' : ''}
              </option>
            ))}
          </select>
        </label>
        <NumberControl
          label="spare ports"
          testId="spare-ports"
          title="free root ports to reserve for hotplug (policy tunable sparePorts.free); empty: as libvirt"
          value={edits.sparePortsFree}
          placeholder="libvirt"
          min={0}
          max={64}
          onApply={(free) => void propose({ type: 'set-spare-ports', free })}
        />
        <NumberControl
          label="NUMA"
          testId="numa-nodes"
          title="guest NUMA nodes (<cpu><numa> cells)"
          value={edits.numaNodes ?? outcome?.summary.numaNodes}
          placeholder="0"
          min={0}
          max={16}
          onApply={(count) => void propose({ type: 'set-numa-nodes', count })}
        />
        {outcome && edits.numaNodes !== undefined && <NumaCellsEditor cells={outcome.numaCells} typed={edits.numaCells !== undefined} />}
      </div>
      <div className="tool-group">
        <details className="menu" data-testid="view-menu">
          <summary title="how the topology is drawn">View ▾</summary>
          <div className="menu-items">
            <label className="toggle" title="outline what the engine added to the input">
              <input
                type="checkbox"
                data-testid="toggle-added"
                checked={highlightAdded}
                onChange={useStudioStore.getState().toggleHighlight}
              />{' '}
              engine additions
            </label>
            <label className="toggle" title="collapse runs of identical devices">
              <input
                type="checkbox"
                data-testid="toggle-collapse"
                checked={collapseRepeats}
                onChange={useStudioStore.getState().toggleCollapse}
              />{' '}
              collapse repeats
            </label>
            <label className="toggle">
              <input type="checkbox" data-testid="toggle-xml" checked={showXml} onChange={useStudioStore.getState().toggleXml} /> XML
            </label>
          </div>
        </details>
      </div>
      <div className="tool-group">
        <details className="menu" data-testid="export-menu">
          <summary>Export ▾</summary>
          <div className="menu-items">
            <button
              type="button"
              data-testid="export-xml"
              disabled={!outcome}
              onClick={() => outcome && download(`${name}.xml`, outcome.expandedXml, 'application/xml')}
            >
              Domain XML ↓
            </button>
            <button
              type="button"
              data-testid="copy-xml"
              disabled={!outcome}
              onClick={() => outcome && void copyText(outcome.expandedXml).then(() => setNotice({ kind: 'info', text: 'XML copied' }))}
            >
              Copy XML
            </button>
            <button
              type="button"
              data-testid="export-yaml"
              disabled={!outcome}
              onClick={() => outcome && download(`${name}.yaml`, devicesYaml(outcome, name), 'application/yaml')}
            >
              Devices YAML ↓
            </button>
            <button
              type="button"
              data-testid="copy-yaml"
              disabled={!outcome}
              onClick={() =>
                outcome && void copyText(devicesYaml(outcome, name)).then(() => setNotice({ kind: 'info', text: 'YAML copied' }))
              }
            >
              Copy YAML
            </button>
            <button
              type="button"
              data-testid="export-json"
              disabled={!outcome}
              onClick={() => outcome && download(`${name}.json`, devicesJson(outcome, name), 'application/json')}
            >
              Devices JSON ↓
            </button>
            <button type="button" data-testid="export-png" disabled={!outcome} onClick={() => void exportImage('png')}>
              Diagram PNG ↓
            </button>
            <button type="button" data-testid="export-svg" disabled={!outcome} onClick={() => void exportImage('svg')}>
              Diagram SVG ↓
            </button>
          </div>
        </details>
        <button
          type="button"
          data-testid="share-link"
          title="copy a link holding the document and the edits"
          disabled={!source}
          onClick={async () => {
            const { source: s, edits: e } = useStudioStore.getState()
            if (!s) return
            const hash = await encodeSession({ v: 1, name: s.name, xml: s.xml, edits: e })
            history.replaceState(null, '', hash)
            await copyText(location.href)
            setNotice({ kind: 'info', text: `Link copied (${Math.round(location.href.length / 1024)} KB)` })
          }}
        >
          Share
        </button>
      </div>
      {pasting && (
        <PasteDialog
          onClose={() => setPasting(false)}
          onLoad={(xml) => {
            setPasting(false)
            useStudioStore.getState().load(xml, 'pasted')
          }}
        />
      )}
    </div>
  )
}

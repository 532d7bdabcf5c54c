import { useEffect, useState } from 'react'

import type { NumaCellSpec } from '../engine/numaCells.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'

/** The guest NUMA cells of the export: vCPUs and memory (MiB) of each, editable; Reset splits evenly. */
export function NumaCellsEditor({ cells, typed }: { cells: readonly NumaCellSpec[]; typed: boolean }) {
  const propose = useProposeEdit()
  const [draft, setDraft] = useState(() => cells.map((c) => ({ cpus: c.cpus, mib: String(Math.round(c.memoryKiB / 1024)) })))
  const key = JSON.stringify(cells)
  useEffect(() => setDraft(cells.map((c) => ({ cpus: c.cpus, mib: String(Math.round(c.memoryKiB / 1024)) }))), [key]) // eslint-disable-line react-hooks/exhaustive-deps
  if (cells.length === 0) return null
  const valid = draft.every((c) => /^\d+$/.test(c.mib) && Number(c.mib) > 0 && /^(\d+(-\d+)?)(,\d+(-\d+)?)*$|^$/.test(c.cpus))
  const totalMiB = draft.reduce((s, c) => s + (Number(c.mib) || 0), 0)
  return (
    <details className="menu numa-cells" data-testid="numa-cells">
      <summary title="vCPUs and memory of each guest NUMA cell">cells ▾</summary>
      <form
        className="menu-body"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) void propose({ type: 'set-numa-cells', cells: draft.map((c) => ({ cpus: c.cpus, memoryKiB: Number(c.mib) * 1024 })) })
        }}
      >
        <table>
          <thead>
            <tr>
              <th>cell</th>
              <th>vCPUs</th>
              <th>memory MiB</th>
            </tr>
          </thead>
          <tbody>
            {draft.map((c, i) => (
              <tr key={i}>
                <td>{i}</td>
                <td>
                  <input
                    data-testid={`numa-cell-cpus-${i}`}
                    value={c.cpus}
                    size={6}
                    onChange={(e) => setDraft(draft.map((d, j) => (j === i ? { ...d, cpus: e.target.value.trim() } : d)))}
                  />
                </td>
                <td>
                  <input
                    data-testid={`numa-cell-mib-${i}`}
                    value={c.mib}
                    size={7}
                    onChange={(e) => setDraft(draft.map((d, j) => (j === i ? { ...d, mib: e.target.value.trim() } : d)))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{totalMiB} MiB in all: libvirt sets the domain's memory to the sum of its cells.</p>
        <button type="submit" disabled={!valid} data-testid="numa-cells-apply">
          Apply
        </button>{' '}
        <button
          type="button"
          disabled={!typed}
          onClick={() => void propose({ type: 'set-numa-cells', cells: undefined })}
          data-testid="numa-cells-reset"
        >
          Split evenly
        </button>
      </form>
    </details>
  )
}

import { ViewportPortal } from '@xyflow/react'
import { memo, type MouseEvent } from 'react'

import { useStudioStore } from '../store/index.ts'
import type { DeviceCardData, FlowEdgeSpec, PortData } from './flowTypes.ts'
import type { Layout, PlacedNode } from './layout.ts'
import { cx, kindFamily } from './nodes/common.tsx'

/** Node types the overview draws itself; React Flow gets them hidden. */
export const OVERVIEW_TYPES: ReadonlySet<string> = new Set(['device', 'port', 'run'])

/** True for the nodes the overview draws instead of React Flow. */
export const inOverview = (n: { type?: string | undefined }): boolean => n.type !== undefined && OVERVIEW_TYPES.has(n.type)

function box(n: PlacedNode, classes: string, search: 'hit' | 'miss' | undefined) {
  const attributes = {
    key: n.id,
    x: n.absX,
    y: n.absY,
    width: n.width,
    height: n.height,
    rx: 6,
    'data-lod': 'far',
    'data-search': search,
  }
  switch (n.type) {
    case 'device': {
      const d = n.data as DeviceCardData
      return <rect {...attributes} className={classes} data-device-id={d.deviceId} data-kind={d.kind} data-testid="overview-device" />
    }
    case 'port': {
      const p = n.data as PortData
      return <rect {...attributes} className={classes} data-device-id={p.deviceId} data-index={p.index} data-empty={p.empty} />
    }
    default:
      return <rect {...attributes} className={classes} />
  }
}

/**
 * Far out on a large drawing, every card, port and run as one SVG of boxes in the viewport: a
 * thousand React Flow nodes are a thousand positioned boxes the browser lays out, hit-tests and
 * hands to the compositor on every pan step; one SVG is one. Click a box to select its device.
 * Edges that end on such a box are drawn here too (React Flow hides those of hidden nodes).
 */
export const Overview = memo(function Overview({ layout, edges }: { layout: Layout; edges: readonly FlowEdgeSpec[] }) {
  const selectedId = useStudioStore((s) => s.selectedId)
  const highlightAdded = useStudioStore((s) => s.highlightAdded)
  const searching = useStudioStore((s) => s.search.trim() !== '')
  const hits = useStudioStore((s) => s.searchHits)
  const select = useStudioStore((s) => s.select)
  const hitSet = searching ? new Set(hits) : undefined
  const placed = new Map(layout.nodes.map((n) => [n.id, n]))

  const rects = []
  for (const n of layout.nodes) {
    if (!inOverview(n)) continue
    const d = n.data as Partial<DeviceCardData> & { deviceId?: string; origin?: string }
    const search = n.type === 'device' && hitSet ? (hitSet.has(d.deviceId!) ? 'hit' : 'miss') : undefined
    const classes = cx(
      `ov-${n.type}`,
      n.type === 'device' && `fam-${kindFamily(d.kind ?? '')}`,
      n.type === 'port' && (n.data as PortData).empty && 'empty',
      d.deviceId !== undefined && d.deviceId === selectedId && 'selected',
      highlightAdded && d.origin !== undefined && d.origin !== 'input' && 'added',
      d.marked && 'marked',
      search && `search-${search}`,
    )
    rects.push(box(n, classes, search))
  }
  const lines = []
  for (const e of edges) {
    const s = placed.get(e.source)
    const t = placed.get(e.target)
    if (!s || !t || !(inOverview(s) || inOverview(t))) continue
    const sx = s.absX + s.width / 2
    const sy = s.absY + s.height
    const tx = t.absX + t.width / 2
    const ty = t.absY
    const my = (sy + ty) / 2
    lines.push(<polyline key={e.id} className="ov-edge" points={`${sx},${sy} ${sx},${my} ${tx},${my} ${tx},${ty}`} />)
  }

  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const id = (e.target as Element).getAttribute('data-device-id')
    if (!id) return
    e.stopPropagation()
    select(id)
  }
  return (
    <ViewportPortal>
      <svg
        className="overview"
        data-testid="overview"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        onClick={onClick}
      >
        {lines}
        {rects}
      </svg>
    </ViewportPortal>
  )
})

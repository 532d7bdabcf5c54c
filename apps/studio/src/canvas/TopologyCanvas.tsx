import {
  Background,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  type NodeMouseHandler,
  type OnNodeDrag,
  ReactFlow,
  useNodesState,
  useReactFlow,
  type Viewport,
} from '@xyflow/react'
import { type DragEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'

import { publishRender } from '../e2eApi.ts'
import { editableIds } from '../engine/edits.ts'
import type { OkOutcome } from '../engine/outcome.ts'
import { paletteContext } from '../panels/Palette.tsx'
import { machineFamily, PALETTE_MIME, paletteAction, paletteItem, unavailableReason } from '../panels/paletteItems.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'
import { sameData } from '../sameData.ts'
import { useStudioStore } from '../store/index.ts'
import { DROP_TYPES, dropAddress } from './dropAddress.ts'
import { fitViewport, LEGIBLE_ZOOM } from './fitViewport.ts'
import type { DeviceCardData } from './flowTypes.ts'
import { type Layout, nodeAt, type PlacedNode } from './layout.ts'
import { Legend } from './Legend.tsx'
import { FAR_ZOOM, kindFamily, useFarZoom } from './nodes/common.tsx'
import { nodeTypes } from './nodeTypes.ts'
import { inOverview, Overview } from './Overview.tsx'
import { toFlowElements } from './toFlowElements.ts'
import { useLayout } from './useLayout.ts'

/** The pointer position of a drag event (mouse or first touch). */
function pointOf(e: MouseEvent | TouchEvent): { x: number; y: number } {
  if ('clientX' in e) return { x: e.clientX, y: e.clientY }
  const t = e.changedTouches[0] ?? e.touches[0]
  return { x: t?.clientX ?? 0, y: t?.clientY ?? 0 }
}

const MINIMAP_COLORS: Record<string, string> = {
  storage: '#4a7fd4',
  network: '#3a9d5d',
  passthrough: '#9a5bd1',
  controller: '#7c8596',
  input: '#d88a2c',
  other: '#2d9b9b',
}

// note: the containers' colours are CSS variables (styles.css, `.canvas`), so the minimap follows the
// light or dark theme with the cards; the device colours read on both
function minimapColor(n: Node): string {
  switch (n.type) {
    case 'device':
      return MINIMAP_COLORS[kindFamily((n.data as DeviceCardData).kind)] ?? '#999'
    case 'port':
      return 'var(--minimap-port)'
    case 'bus':
      return 'var(--minimap-bus)'
    case 'numa':
      return 'var(--minimap-numa)'
    default:
      return 'var(--minimap-other)'
  }
}

/** `minimap-bus`, `minimap-device`…: what each minimap rectangle stands for, for styles and specs. */
const minimapClass = (n: Node): string => `minimap-${n.type ?? 'other'}`

/** Runs `fn` in a task of its own: called from rAF, after the frame's rendering work. */
function afterFrame(fn: () => void): void {
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    fn()
  }
  channel.port2.postMessage(null)
}

/** The React Flow node of a placed node; `hidden` when the Overview draws it. */
function flowNode(n: PlacedNode, hidden: boolean): Node {
  return {
    id: n.id,
    type: n.type,
    position: { x: n.x, y: n.y },
    data: n.data,
    ...(n.parentId ? { parentId: n.parentId } : {}),
    width: n.width,
    height: n.height,
    draggable: n.draggable,
    selectable: false,
    ...(n.type === 'device' || n.type === 'run' || n.type === 'busgroup' ? { zIndex: 1 } : {}),
    ...(hidden ? { hidden: true } : {}),
  }
}

/** True when React Flow's node `old` shows what `fresh` says: place, size, parent, flags and data. */
function sameNode(old: Node, fresh: Node): boolean {
  return (
    old.type === fresh.type &&
    old.position.x === fresh.position.x &&
    old.position.y === fresh.position.y &&
    old.parentId === fresh.parentId &&
    old.width === fresh.width &&
    old.height === fresh.height &&
    old.draggable === fresh.draggable &&
    old.zIndex === fresh.zIndex &&
    (old.hidden ?? false) === (fresh.hidden ?? false) &&
    !old.dragging &&
    sameData(old.data, fresh.data)
  )
}

/** From this many nodes on, only those in view are rendered (React Flow's onlyRenderVisibleElements). */
const VISIBLE_ONLY_MIN = 200

/** The topology diagram: layout off the main thread, drag a device onto a port to move it. */
export function TopologyCanvas({ outcome, marked }: { outcome: OkOutcome; marked?: ReadonlySet<string> }) {
  const collapseRepeats = useStudioStore((s) => s.collapseRepeats)
  const expandedRuns = useStudioStore((s) => s.expandedRuns)
  const groupOpen = useStudioStore((s) => s.groupOpen)
  const edits = useStudioStore((s) => s.edits)
  const sourceId = useStudioStore((s) => s.source?.id)
  const select = useStudioStore((s) => s.select)
  const setDropTarget = useStudioStore((s) => s.setDropTarget)
  const reveal = useStudioStore((s) => s.reveal)
  const propose = useProposeEdit()
  const rf = useReactFlow()
  // note: far out every node is on screen and drawn as a bare box: culling would only re-render
  // the whole node list on each pan step; nearer in, only what is visible is rendered
  const far = useFarZoom()

  const { added, removed } = edits
  // note: only on added or removed devices: a new set for each edit would lay out the old expansion again
  const editable = useMemo(() => editableIds(outcome.summary.inputIds, { added, removed }), [outcome.summary.inputIds, added, removed])
  const numaNodes = edits.numaNodes ?? outcome.summary.numaNodes
  const expandedSet = useMemo(() => new Set(expandedRuns), [expandedRuns])

  const model = useMemo(
    () =>
      toFlowElements(outcome.expansion, outcome.guest, {
        collapseRepeats,
        expandedRuns: expandedSet,
        groupOpen,
        editableIds: editable,
        numaNodes,
        facts: outcome.facts,
        ...(marked ? { marked } : {}),
      }),
    [outcome.expansion, outcome.guest, collapseRepeats, expandedSet, groupOpen, editable, numaNodes, outcome.facts, marked],
  )
  const { layout, ms: layoutMs, pending, laidOut } = useLayout(model)
  // note: the edges of the model the layout is of, so that while the next layout is computed
  // neither React Flow nor the Overview redraws a thousand nodes and edges for nothing
  const laidOutEdges = laidOut?.edges
  const edges = useMemo<Edge[]>(() => {
    if (!layout || !laidOutEdges) return []
    const present = new Set(layout.nodes.map((n) => n.id))
    return laidOutEdges
      .filter((e) => present.has(e.source) && present.has(e.target))
      .map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'smoothstep',
        ...(e.label ? { label: e.label, labelBgPadding: [4, 2] as [number, number] } : {}),
        className: 'topology-edge',
        zIndex: 0,
      }))
  }, [layout, laidOutEdges])

  const fits = useCallback(
    (width: number, height: number) => {
      const el = document.querySelector('.react-flow')
      if (!el) return true
      const { x, y, zoom } = rf.getViewport()
      const left = -x / zoom
      const top = -y / zoom
      const across = left <= 0 && left + el.clientWidth / zoom >= width
      // note: a tall drawing shown legibly at its full width is scrolled, not refitted
      const down = (top <= 0 && top + el.clientHeight / zoom >= height) || zoom >= LEGIBLE_ZOOM - 1e-3
      const inside = across && down
      // a drawing that shrank to a corner of the view (repeats collapsed again) is refitted too
      const lost = zoom < 1 && width * zoom < 0.4 * el.clientWidth && height * zoom < 0.4 * el.clientHeight
      return inside && !lost
    },
    [rf],
  )

  // note: computed from the layout, not rf.fitView(): that one may still see the previous
  // document's nodes while the new ones are being measured
  const fitTo = useCallback(
    (l: { width: number; height: number }) => {
      const el = document.querySelector('.react-flow')
      if (!el) return
      void rf.setViewport(fitViewport(l, el.clientWidth, el.clientHeight))
    },
    [rf],
  )

  // fit the view when a new document is laid out, not after each edit
  const fittedFor = useRef<number | undefined>(undefined)
  const fittedLayout = useRef<Layout | null>(null)
  const fittedOutcome = useRef<OkOutcome | null>(null)
  // note: the viewport a new layout is about to be fitted to (in the layout effect below), known
  // while rendering, so that its nodes are drawn for that zoom from the start
  let fitAhead: Viewport | undefined
  if (layout && !pending && outcome.sourceId === sourceId && fittedLayout.current !== layout) {
    const el = document.querySelector('.react-flow')
    // note: after an edit, only a view that showed the whole drawing is refitted (the drawing
    // outgrew it): a view zoomed in to a part of a large drawing stays where the user put it. A
    // new way of drawing the same expansion (repeats folded or not) is refitted when it does not fit.
    const before = fittedLayout.current
    const edited = fittedOutcome.current !== outcome
    const showedAll = !edited || !before || fits(before.width, before.height)
    if (el && (fittedFor.current !== sourceId || (showedAll && !fits(layout.width, layout.height))))
      fitAhead = fitViewport(layout, el.clientWidth, el.clientHeight)
  }
  const big = (layout?.nodes.length ?? 0) > VISIBLE_ONLY_MIN
  // note: far out on a large drawing, cards and ports are drawn by the Overview, hidden from React Flow
  const overview = big && (fitAhead ? fitAhead.zoom < FAR_ZOOM : far)
  const [nodes, setNodes, onNodesChange] = useNodesState<Node>([])
  const current = useRef(nodes)
  current.current = nodes
  // note: a node that did not change keeps the object React Flow has (measured, internals and
  // all), so that an edit re-renders the few nodes it changed, not a thousand
  const shownNodes = useMemo<Node[]>(() => {
    const before = new Map(current.current.map((n) => [n.id, n]))
    return (
      layout?.nodes.map((n) => {
        const fresh = flowNode(n, overview && inOverview(n))
        const old = before.get(n.id)
        return old && sameNode(old, fresh) ? old : fresh
      }) ?? []
    )
  }, [layout, overview])
  // note: handed over while rendering, not in an effect: React Flow never gets the nodes of a
  // drawing one render late (an effect's setNodes lets it draw the previous set once more).
  // Except for a layout about to be fitted: its nodes go after the viewport (the layout effect
  // below), so that React Flow picks the nodes in view, and far out or near, at the new zoom; at
  // the old one it mounted a thousand cards, to unmount most of them one render later
  const [handedOver, setHandedOver] = useState<Node[] | null>(null)
  if (handedOver !== shownNodes && !fitAhead) {
    setHandedOver(shownNodes)
    setNodes(shownNodes)
  }

  // refit when the window (so the canvas) is resized: the drawing stays in view
  const latest = useRef(layout)
  latest.current = layout
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const onResize = () => {
      clearTimeout(timer)
      timer = setTimeout(() => latest.current && fitTo(latest.current), 120)
    }
    window.addEventListener('resize', onResize)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('resize', onResize)
    }
  }, [fitTo])

  const renderStart = useRef(performance.now())
  const published = useRef<unknown>(null)
  // note: before the browser paints and before React Flow gets the nodes: the first nodes it draws
  // are those of the fitted zoom (the overview far out), never a thousand cards drawn for nothing
  useLayoutEffect(() => {
    if (!layout || pending || outcome.sourceId !== sourceId || fittedLayout.current === layout) return
    fittedLayout.current = layout
    fittedOutcome.current = outcome
    // note: refit after an edit only when the drawing outgrew the view; a stable view is easier to follow
    if (fitAhead) {
      fittedFor.current = sourceId
      void rf.setViewport(fitAhead)
      // note: rendered again before the browser paints, with the new viewport
      setHandedOver(shownNodes)
      setNodes(shownNodes)
    }
  }, [layout, pending, outcome, sourceId, fitAhead, rf, shownNodes, setNodes])
  useEffect(() => {
    // note: only once the layout of the current model is on screen, never the previous one's
    if (!layout || pending || nodes.length === 0 || nodes !== shownNodes || outcome.sourceId !== sourceId) return
    if (published.current === layout || fittedLayout.current !== layout) return
    // note: a fit that crossed FAR_ZOOM brings the other set of nodes (overview or cards) next render
    if ((rf.getZoom() < FAR_ZOOM && big) !== overview) return
    published.current = layout
    // note: measured after React committed the nodes: rAF runs just before the frame that paints
    // them, a message posted from it just after that frame's style, layout and paint
    const start = renderStart.current
    requestAnimationFrame(() =>
      afterFrame(() => {
        const paintedAt = performance.now()
        publishRender({ nodeCount: layout.nodes.length, layoutMs, renderMs: Math.round(paintedAt - start), paintedAt })
      }),
    )
  }, [layout, pending, nodes, shownNodes, big, overview, rf, sourceId, layoutMs, outcome.sourceId])
  useEffect(() => {
    renderStart.current = performance.now()
  }, [outcome])

  // a device hidden in a collapsed run is shown when it is selected from outside the canvas
  // note: once per request, when the layout that shows it is ready: a later edit must not scroll
  // the view back to a device selected long before
  const revealed = useRef<number | undefined>(undefined)
  useEffect(() => {
    if (!reveal || revealed.current === reveal.n) return
    const run = model.hiddenIn[reveal.id]
    if (run) {
      useStudioStore.getState().expandRun(run)
      return
    }
    if (pending) return
    revealed.current = reveal.n
    const nodeId = model.nodeOfDevice[reveal.id]
    const placed = nodeId ? layout?.nodes.find((n) => n.id === nodeId) : undefined
    if (placed)
      void rf.setCenter(placed.absX + placed.width / 2, placed.absY + placed.height / 2, {
        zoom: Math.max(rf.getZoom(), 0.8),
        duration: 200,
      })
  }, [reveal, model, layout, pending, rf])

  const targetAt = useCallback(
    (clientX: number, clientY: number, excludeId?: string) => {
      if (!layout) return undefined
      const p = rf.screenToFlowPosition({ x: clientX, y: clientY })
      return nodeAt(layout, p.x, p.y, DROP_TYPES, (n) => n.id === excludeId)
    },
    [layout, rf],
  )

  const onNodeDrag: OnNodeDrag = useCallback(
    (e, node) => {
      const p = pointOf(e)
      setDropTarget(targetAt(p.x, p.y, node.id)?.id ?? null)
    },
    [targetAt, setDropTarget],
  )

  const onNodeDragStop: OnNodeDrag = useCallback(
    (e, node) => {
      setDropTarget(null)
      const p = pointOf(e)
      const target = targetAt(p.x, p.y, node.id)
      setNodes(shownNodes) // snap back; an accepted move re-lays out from the new expansion
      if (!target || target.id === node.parentId || node.type !== 'device') return
      const data = node.data as DeviceCardData
      const address = dropAddress(outcome.expansion, target, data.deviceId)
      if (!address) {
        useStudioStore.getState().setNotice({
          kind: 'error',
          text: `Bus ${String((target.data as { index: number }).index)} has no free slot`,
          deviceId: data.deviceId,
        })
        return
      }
      void propose({ type: 'set-address', deviceId: data.deviceId, title: data.title, address })
    },
    [targetAt, setNodes, shownNodes, outcome.expansion, propose, setDropTarget],
  )

  const onNodeClick: NodeMouseHandler = useCallback(
    (_e, node) => {
      const id = (node.data as { deviceId?: string }).deviceId
      if (id) select(id)
    },
    [select],
  )

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(PALETTE_MIME)) return
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
      setDropTarget(targetAt(e.clientX, e.clientY)?.id ?? null)
    },
    [targetAt, setDropTarget],
  )

  const onDrop = useCallback(
    (e: DragEvent) => {
      const key = e.dataTransfer.getData(PALETTE_MIME)
      if (!key) return
      e.preventDefault()
      e.stopPropagation()
      setDropTarget(null)
      const item = paletteItem(key)
      if (!item) return
      const target = targetAt(e.clientX, e.clientY)
      const address = target ? dropAddress(outcome.expansion, target) : undefined
      const why = unavailableReason(item, machineFamily(outcome.expansion))
      if (why) {
        useStudioStore.getState().setNotice({ kind: 'error', text: why })
        return
      }
      const { action, select: id } = paletteAction(item, paletteContext(outcome), address)
      void propose(action).then((ok) => {
        if (ok) select(id)
      })
    },
    [targetAt, outcome, propose, select, setDropTarget],
  )

  return (
    <div
      className="canvas"
      data-testid="canvas"
      data-layout={layout && !pending ? 'ready' : 'pending'}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onPaneClick={() => select(null)}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_MIN && !far}
        attributionPosition="top-right"
        colorMode="system"
      >
        {/* note: far out on a large drawing the dots are a grey haze, and redrawing them cost a
            third of each pan step */}
        {!(far && big) && <Background gap={24} />}
        {overview && layout && laidOutEdges && <Overview layout={layout} edges={laidOutEdges} />}
        <Controls position="bottom-left" showInteractive={false} fitViewOptions={{ padding: 0.06, maxZoom: 1 }} />
        {/* note: far out on a large drawing the canvas is its own overview; the minimap would
            only repaint a thousand rectangles on every pan step */}
        {!(far && nodes.length > VISIBLE_ONLY_MIN) && (
          <MiniMap
            position="bottom-right"
            style={{ width: 150, height: 100 }}
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeClassName={minimapClass}
            nodeStrokeWidth={2}
            ariaLabel="minimap"
          />
        )}
      </ReactFlow>
      <Legend />
    </div>
  )
}

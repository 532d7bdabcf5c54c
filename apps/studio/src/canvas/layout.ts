import type { ELK, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js'

import { type FlowModel, type FlowNodeSpec, PAD } from './flowTypes.ts'

/** A node with its place: `x`/`y` relative to its parent (React Flow's convention), size, and absolute box. */
export interface PlacedNode extends FlowNodeSpec {
  x: number
  y: number
  width: number
  height: number
  absX: number
  absY: number
}

export interface Layout {
  nodes: PlacedNode[]
  /** the whole drawing's size */
  width: number
  height: number
}

const SPACING = 14

const TOP_LEVEL: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
}

function containerOptions(spec: FlowNodeSpec, childCount: number): LayoutOptions {
  const padding = `[top=${spec.header ?? PAD},left=${PAD},bottom=${PAD},right=${PAD}]`
  // note: rectpacking keeps the children's order (slot order), row by row; a wide aspect ratio
  // fills the screen's width before growing downwards.
  const aspect = spec.arrange === 'stack' ? 0.05 : childCount > 24 ? 2.4 : 2.0
  return {
    'elk.algorithm': 'rectpacking',
    'elk.aspectRatio': String(aspect),
    'elk.padding': padding,
    'elk.spacing.nodeNode': String(SPACING),
    'elk.rectpacking.trybox': 'false',
    'elk.contentAlignment': 'V_TOP H_LEFT',
  }
}

/**
 * Places the nodes of a FlowModel with elkjs: the top level (root complex, NUMA boxes, non-PCI
 * groups) layered top-down along the edges; the inside of every bus row by row in slot order.
 * Leaves keep the size toFlowElements gave them; containers get theirs from their children.
 *
 * @param elk an ELK instance (a worker-backed one in the browser, elk.bundled in tests)
 */
export async function layoutFlow(model: FlowModel, elk: ELK): Promise<Layout> {
  const children = new Map<string | undefined, FlowNodeSpec[]>()
  for (const n of model.nodes) {
    const list = children.get(n.parentId)
    if (list) list.push(n)
    else children.set(n.parentId, [n])
  }
  const byId = new Map(model.nodes.map((n) => [n.id, n]))
  const toElk = (spec: FlowNodeSpec): ElkNode => {
    const kids = children.get(spec.id)
    if (!kids || kids.length === 0) return { id: spec.id, width: spec.width ?? 100, height: spec.height ?? 40 }
    return { id: spec.id, layoutOptions: containerOptions(spec, kids.length), children: kids.map(toElk) }
  }
  const topOf = (id: string): string => {
    let n = byId.get(id)
    while (n?.parentId) n = byId.get(n.parentId)
    return n?.id ?? id
  }
  const seen = new Set<string>()
  const edges = []
  for (const e of model.edges) {
    const s = topOf(e.source)
    const t = topOf(e.target)
    if (s === t || seen.has(`${s}>${t}`)) continue
    seen.add(`${s}>${t}`)
    edges.push({ id: `top:${s}>${t}`, sources: [s], targets: [t] })
  }
  // note: a top-level box no edge reaches (platform devices, an empty NUMA node) goes below the root bus, not beside it
  const tops = children.get(undefined) ?? []
  const rootBus = tops.find((n) => n.type === 'bus')
  const reached = new Set(edges.flatMap((e) => e.targets))
  for (const n of tops) {
    if (rootBus && (n.type === 'busgroup' || n.type === 'numa') && !reached.has(n.id))
      edges.push({ id: `top:${rootBus.id}>${n.id}`, sources: [rootBus.id], targets: [n.id] })
  }
  const graph: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: TOP_LEVEL,
    children: (children.get(undefined) ?? []).map(toElk),
    edges,
  })

  const placed: PlacedNode[] = []
  const walk = (n: ElkNode, absX: number, absY: number) => {
    for (const c of n.children ?? []) {
      const spec = byId.get(c.id)!
      const x = c.x ?? 0
      const y = c.y ?? 0
      placed.push({ ...spec, x, y, width: c.width ?? 0, height: c.height ?? 0, absX: absX + x, absY: absY + y })
      walk(c, absX + x, absY + y)
    }
  }
  walk(graph, 0, 0)
  // note: React Flow wants parents before children; walk() emits them in that order.
  return { nodes: placed, width: graph.width ?? 0, height: graph.height ?? 0 }
}

/** The innermost node of the given types whose box holds the point (flow coordinates). */
export function nodeAt(
  layout: Layout,
  x: number,
  y: number,
  types: ReadonlySet<string>,
  exclude?: (n: PlacedNode) => boolean,
): PlacedNode | undefined {
  let best: PlacedNode | undefined
  for (const n of layout.nodes) {
    if (!types.has(n.type) || exclude?.(n)) continue
    if (x < n.absX || y < n.absY || x > n.absX + n.width || y > n.absY + n.height) continue
    if (!best || n.width * n.height < best.width * best.height) best = n
  }
  return best
}

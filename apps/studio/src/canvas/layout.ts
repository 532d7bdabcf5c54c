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

/** ELK options of the top level: root complex, NUMA boxes and groups, layered along the edges. */
export const TOP_LEVEL: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
}

/** ELK options of a container: its children packed row by row in slot order. */
export function containerOptions(spec: FlowNodeSpec, childCount: number): LayoutOptions {
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
 * The top level's edges as pairs of indices into `tops`: each model edge lifted to the top-level
 * boxes holding its ends, once per pair.
 */
export function topEdges(model: FlowModel, tops: readonly FlowNodeSpec[]): (readonly [number, number])[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]))
  const topOf = (id: string): string => {
    let n = byId.get(id)
    while (n?.parentId) n = byId.get(n.parentId)
    return n?.id ?? id
  }
  const index = new Map(tops.map((t, i) => [t.id, i]))
  const seen = new Set<string>()
  const edges: (readonly [number, number])[] = []
  const add = (s: string, t: string) => {
    const a = index.get(s)
    const b = index.get(t)
    if (a === undefined || b === undefined || s === t || seen.has(`${s}>${t}`)) return
    seen.add(`${s}>${t}`)
    edges.push([a, b])
  }
  for (const e of model.edges) add(topOf(e.source), topOf(e.target))
  // note: a top-level box no edge reaches (platform devices, an empty NUMA node) goes below the root bus, not beside it
  const rootBus = tops.find((n) => n.type === 'bus')
  const reached = new Set(edges.map(([, t]) => t))
  tops.forEach((n, i) => {
    if (rootBus && (n.type === 'busgroup' || n.type === 'numa') && !reached.has(i)) add(rootBus.id, n.id)
  })
  return edges
}

/** How a container's children were packed: its size and each child's place, in child order. */
interface Packing {
  width: number
  height: number
  xs: number[]
  ys: number[]
}

/**
 * Packings computed before, keyed by what decides them: the container's options and its
 * children's sizes (or, for the top level, its boxes' sizes and edges). An edit changes a few
 * containers; the others, and every container like one seen before (two hundred root ports
 * holding one disk each), are not laid out again.
 */
export class LayoutCache {
  readonly #packings = new Map<string, Packing>()
  /** @param limit entries kept; past it the cache starts over */
  constructor(readonly limit = 20_000) {}
  get(key: string): Packing | undefined {
    return this.#packings.get(key)
  }
  set(key: string, packing: Packing): void {
    if (this.#packings.size >= this.limit) this.#packings.clear()
    this.#packings.set(key, packing)
  }
}

const packingOf = (n: ElkNode): Packing => ({
  width: n.width ?? 0,
  height: n.height ?? 0,
  xs: (n.children ?? []).map((c) => c.x ?? 0),
  ys: (n.children ?? []).map((c) => c.y ?? 0),
})

/**
 * Places the nodes of a FlowModel with elkjs: the top level (root complex, NUMA boxes, non-PCI
 * groups) layered top-down along the edges; the inside of every bus row by row in slot order.
 * Leaves keep the size toFlowElements gave them; containers get theirs from their children.
 *
 * ELK lays out a hierarchy bottom-up, each container on its own with its children as boxes of
 * their computed size; so does this, one ELK call per level of containers, each packing looked
 * up in `cache` first: the result is the same as one call over the whole hierarchy.
 *
 * @param elk an ELK instance (a worker-backed one in the browser, elk.bundled in tests)
 * @param cache packings from earlier layouts (a fresh one lays out everything)
 */
export async function layoutFlow(model: FlowModel, elk: ELK, cache: LayoutCache = new LayoutCache()): Promise<Layout> {
  const children = new Map<string | undefined, FlowNodeSpec[]>()
  for (const n of model.nodes) {
    const list = children.get(n.parentId)
    if (list) list.push(n)
    else children.set(n.parentId, [n])
  }
  const kidsOf = (id: string) => children.get(id) ?? []

  // containers by height above their deepest leaf: each level's children are all placed before it
  const size = new Map<string, { width: number; height: number }>()
  const packing = new Map<string, Packing>()
  const levels: FlowNodeSpec[][] = []
  const level = (spec: FlowNodeSpec): number => {
    const kids = kidsOf(spec.id)
    if (kids.length === 0) {
      size.set(spec.id, { width: spec.width ?? 100, height: spec.height ?? 40 })
      return 0
    }
    let h = 0
    for (const k of kids) h = Math.max(h, level(k) + 1)
    ;(levels[h - 1] ??= []).push(spec)
    return h
  }
  const tops = children.get(undefined) ?? []
  for (const t of tops) level(t)

  const sizesOf = (kids: readonly FlowNodeSpec[]) => kids.map((k) => size.get(k.id)!)
  for (const specs of levels) {
    const todo = new Map<string, { options: LayoutOptions; kids: FlowNodeSpec[] }>()
    const keys = specs.map((spec) => {
      const kids = kidsOf(spec.id)
      const options = containerOptions(spec, kids.length)
      const key = JSON.stringify([options, sizesOf(kids).map((s) => [s.width, s.height])])
      if (!cache.get(key) && !todo.has(key)) todo.set(key, { options, kids })
      return key
    })
    if (todo.size > 0) {
      const entries = [...todo]
      // note: a root with the fixed algorithm only holds the containers ELK packs, each on its own
      const graph = await elk.layout({
        id: 'root',
        layoutOptions: { 'elk.algorithm': 'org.eclipse.elk.fixed' },
        children: entries.map(([, { options, kids }], i) => ({
          id: `c${i}`,
          layoutOptions: options,
          children: sizesOf(kids).map((s, j) => ({ id: `c${i}.${j}`, width: s.width, height: s.height })),
        })),
      })
      entries.forEach(([key], i) => cache.set(key, packingOf(graph.children![i]!)))
    }
    specs.forEach((spec, i) => {
      const p = cache.get(keys[i]!)!
      packing.set(spec.id, p)
      size.set(spec.id, { width: p.width, height: p.height })
    })
  }

  const edges = topEdges(model, tops)
  const topKey = JSON.stringify([TOP_LEVEL, sizesOf(tops).map((s) => [s.width, s.height]), edges])
  let top = cache.get(topKey)
  if (!top) {
    const graph = await elk.layout({
      id: 'root',
      layoutOptions: TOP_LEVEL,
      children: sizesOf(tops).map((s, i) => ({ id: `t${i}`, width: s.width, height: s.height })),
      edges: edges.map(([s, t], i) => ({ id: `e${i}`, sources: [`t${s}`], targets: [`t${t}`] })),
    })
    top = packingOf(graph)
    cache.set(topKey, top)
  }

  const placed: PlacedNode[] = []
  // note: React Flow wants parents before children; walk() emits them in that order.
  const walk = (kids: readonly FlowNodeSpec[], p: Packing, absX: number, absY: number) => {
    kids.forEach((spec, i) => {
      const x = p.xs[i] ?? 0
      const y = p.ys[i] ?? 0
      const s = size.get(spec.id)!
      placed.push({ ...spec, x, y, width: s.width, height: s.height, absX: absX + x, absY: absY + y })
      const inner = packing.get(spec.id)
      if (inner) walk(kidsOf(spec.id), inner, absX + x, absY + y)
    })
  }
  walk(tops, top, 0, 0)
  return { nodes: placed, width: top.width, height: top.height }
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

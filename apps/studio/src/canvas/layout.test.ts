import ELK from 'elkjs/lib/elk.bundled.js'
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js'
import { describe, expect, it, vi } from 'vitest'

import AARCH64 from '../../../../public/examples/aarch64-virt.xml?raw'
import PC from '../../../../public/examples/pc-i440fx.xml?raw'
import Q35 from '../../../../public/examples/q35-basic.xml?raw'
import Q35_PCI from '../../../../public/examples/q35-conventional-pci.xml?raw'
import Q35_NUMA from '../../../../public/examples/q35-numa.xml?raw'
import Q35_SWITCH from '../../../../public/examples/q35-switch.xml?raw'
import { bigDomain } from '../../scripts/bigDomain.ts'
import { NO_EDITS } from '../engine/edits.ts'
import { runExpansion } from '../engine/runExpansion.ts'
import type { FlowModel, FlowNodeSpec } from './flowTypes.ts'
import { containerOptions, LayoutCache, layoutFlow, TOP_LEVEL, topEdges } from './layout.ts'
import { DEFAULT_FLOW_OPTIONS, toFlowElements } from './toFlowElements.ts'

function modelOf(xml: string, collapseRepeats = true): FlowModel {
  const r = runExpansion(xml, NO_EDITS)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return toFlowElements(r.expansion, r.guest, { ...DEFAULT_FLOW_OPTIONS, collapseRepeats })
}

/** The oracle: the whole hierarchy in one ELK call, as the studio laid out before the cache. */
async function layoutWhole(model: FlowModel, elk: ElkApi): Promise<Map<string, [number, number, number, number]>> {
  const children = new Map<string | undefined, FlowNodeSpec[]>()
  for (const n of model.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n])
  const toElk = (spec: FlowNodeSpec): ElkNode => {
    const kids = children.get(spec.id) ?? []
    if (kids.length === 0) return { id: spec.id, width: spec.width ?? 100, height: spec.height ?? 40 }
    return { id: spec.id, layoutOptions: containerOptions(spec, kids.length), children: kids.map(toElk) }
  }
  const tops = children.get(undefined) ?? []
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: TOP_LEVEL,
    children: tops.map(toElk),
    edges: topEdges(model, tops).map(([s, t], i) => ({ id: `e${i}`, sources: [tops[s]!.id], targets: [tops[t]!.id] })),
  })
  const boxes = new Map<string, [number, number, number, number]>()
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, [c.x ?? 0, c.y ?? 0, c.width ?? 0, c.height ?? 0])
      walk(c)
    }
  }
  walk(graph)
  return boxes
}

describe('layoutFlow, one level at a time with a cache', () => {
  const cases = {
    'q35-basic': modelOf(Q35),
    'q35-numa': modelOf(Q35_NUMA),
    'q35-switch': modelOf(Q35_SWITCH),
    'q35-conventional-pci': modelOf(Q35_PCI),
    'pc-i440fx': modelOf(PC),
    'aarch64-virt': modelOf(AARCH64),
    'big-300 expanded': modelOf(bigDomain(300), false),
  }

  for (const [name, model] of Object.entries(cases))
    it(`places ${name} as one ELK call over the whole hierarchy does`, async () => {
      const elk = new ELK()
      const whole = await layoutWhole(model, elk)
      const layout = await layoutFlow(model, elk)
      expect(layout.nodes.map((n) => n.id)).toEqual([...whole.keys()])
      for (const n of layout.nodes) expect([n.x, n.y, n.width, n.height], n.id).toEqual(whole.get(n.id))
    })

  it('lays out nothing again when the cache holds every packing, and gives the same places', async () => {
    const elk = new ELK()
    const model = cases['big-300 expanded']
    const cache = new LayoutCache()
    const first = await layoutFlow(model, elk, cache)
    const layout = vi.fn((g: ElkNode) => elk.layout(g))
    const again = await layoutFlow(model, { ...elk, layout } as unknown as ElkApi, cache)
    expect(layout).not.toHaveBeenCalled()
    expect(again).toEqual(first)
  })

  it('after an edit, lays out only the containers that changed, as a fresh layout would', async () => {
    const elk = new ELK()
    const xml = bigDomain(300)
    const cache = new LayoutCache()
    await layoutFlow(modelOf(xml, false), elk, cache)
    const r = runExpansion(xml, { ...NO_EDITS, removed: ['disk0'] })
    if (!r.ok) throw new Error('refused')
    const edited = toFlowElements(r.expansion, r.guest, { ...DEFAULT_FLOW_OPTIONS, collapseRepeats: false })
    const graphs: ElkNode[] = []
    const cached = await layoutFlow(edited, { ...elk, layout: (g: ElkNode) => (graphs.push(g), elk.layout(g)) } as unknown as ElkApi, cache)
    expect(cached).toEqual(await layoutFlow(edited, elk))
    const packed = graphs.flatMap((g) => (g.edges ? [g] : (g.children ?? [])))
    expect(packed.length).toBeLessThan(5)
  })
})

describe('ports', () => {
  it('an empty port is as large as a port holding one card, so that a move between ports moves nothing else', async () => {
    const layout = await layoutFlow(modelOf(Q35), new ELK())
    const ports = layout.nodes.filter((n) => n.type === 'port')
    const holdsOneCard = (id: string) => layout.nodes.filter((n) => n.parentId === id).every((n) => n.type === 'device')
    const empty = ports.find((n) => (n.data as { empty: boolean }).empty)!
    const full = ports.find((n) => !(n.data as { empty: boolean }).empty && holdsOneCard(n.id))!
    expect([empty.width, empty.height]).toEqual([full.width, full.height])
  })
})

import ELK from 'elkjs/lib/elk.bundled.js'
import { describe, expect, it } from 'vitest'

import Q35_NUMA from '../../../../public/examples/q35-numa.xml?raw'
import { layoutFlow } from '../canvas/layout.ts'
import { toFlowElements } from '../canvas/toFlowElements.ts'
import { NO_EDITS } from '../engine/edits.ts'
import { runExpansion } from '../engine/runExpansion.ts'
import { diagramSvg, esc } from './diagramSvg.ts'

describe('diagramSvg', () => {
  it('draws nodes as shapes and text, edges as paths, and a legend: no HTML inside', async () => {
    const r = runExpansion(Q35_NUMA, NO_EDITS)
    if (!r.ok) throw new Error('expected an expansion')
    const model = toFlowElements(r.expansion, r.guest)
    const layout = await layoutFlow(model, new ELK())
    const nodes = layout.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      data: n.data,
      position: { x: n.x, y: n.y },
      parentId: n.parentId,
      width: n.width,
      height: n.height,
    }))
    const svg = diagramSvg(nodes, model.edges, 'q35 <numa> & co')
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg).not.toMatch(/foreignObject|<div|<span|class=/)
    expect(svg).toContain('<title>q35 &lt;numa&gt; &amp; co</title>')
    expect(model.edges.length).toBeGreaterThan(0)
    expect((svg.match(/<path d="M [^"]*"[^>]*marker-end=/g) ?? []).length).toBe(model.edges.length)
    expect(svg).toContain('>PCIe root complex (pcie-root) · bus 0</text>')
    expect(svg).toContain('>NUMA node 1</text>')
    expect(svg).toContain('>Legend</text>')
    // every device card's title and address are texts
    for (const n of model.nodes.filter((x) => x.type === 'device')) {
      const d = n.data as { title: string; xmlAddress: string }
      expect(svg).toContain(`>${esc(d.title)}</text>`)
      expect(svg).toContain(`>${d.xmlAddress}</text>`)
    }
    // well-formed: tags balance
    const open = (svg.match(/<(g|svg|defs|marker|text|title)\b/g) ?? []).length
    const close = (svg.match(/<\/(g|svg|defs|marker|text|title)>/g) ?? []).length
    expect(open).toBe(close)
  })

  it('escapes text', () => {
    expect(esc(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;')
  })
})

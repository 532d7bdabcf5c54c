import type {
  BusData,
  DeviceCardData,
  GroupData,
  MultifunctionData,
  NumaData,
  PortData,
  RunData,
  StudioNodeType,
} from '../canvas/flowTypes.ts'
import { kindFamily } from '../canvas/nodes/common.tsx'
import { busTitle, portTitle } from '../canvas/nodeTitles.ts'
import { exhaustive } from '../exhaustive.ts'

/** A node of the drawing as React Flow holds it: position relative to its parent, size. */
export interface SvgNodeInput {
  id: string
  type?: string | undefined
  data: Record<string, unknown>
  position: { x: number; y: number }
  parentId?: string | undefined
  width?: number | undefined
  height?: number | undefined
  measured?: { width?: number | undefined; height?: number | undefined } | undefined
}

export interface SvgEdgeInput {
  id: string
  source: string
  target: string
  label?: unknown
}

/** Family colours, the same as the cards' (styles.css). */
export const FAMILY_COLORS = {
  storage: '#4a7fd4',
  network: '#3a9d5d',
  passthrough: '#9a5bd1',
  controller: '#7c8596',
  input: '#d88a2c',
  other: '#2d9b9b',
} as const

const LEGEND: [keyof typeof FAMILY_COLORS, string][] = [
  ['storage', 'disk / storage'],
  ['network', 'network interface'],
  ['passthrough', 'PCI passthrough (hostdev)'],
  ['controller', 'controller'],
  ['input', 'input, USB, serial'],
  ['other', 'other device'],
]

const FONT = 'font-family="\'DejaVu Sans\', Verdana, Arial, sans-serif"'
const MONO = 'font-family="\'DejaVu Sans Mono\', Menlo, Consolas, monospace"'
const MARGIN = 24
const LEGEND_W = 250

/** XML-escapes text for an attribute or element content. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** `text` cut to about `width` px at `size` px (an average glyph is ~0.6 em), with an ellipsis. */
function fit(text: string, width: number, size: number, mono = false): string {
  const max = Math.max(1, Math.floor(width / (size * (mono ? 0.62 : 0.56))))
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`
}

interface Box {
  x: number
  y: number
  w: number
  h: number
}

const text = (
  x: number,
  y: number,
  s: string,
  opts: { size?: number; weight?: string; fill?: string; mono?: boolean; width?: number; anchor?: string } = {},
) => {
  const size = opts.size ?? 11
  const body = opts.width === undefined ? s : fit(s, opts.width, size, opts.mono)
  return `<text x="${r(x)}" y="${r(y)}" font-size="${size}" ${opts.mono ? MONO : FONT}${opts.weight ? ` font-weight="${opts.weight}"` : ''} fill="${opts.fill ?? '#1d2330'}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}>${esc(body)}</text>`
}
const rect = (b: Box, fill: string, stroke: string, extra = '') =>
  `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.w)}" height="${r(b.h)}" rx="6" fill="${fill}" stroke="${stroke}"${extra}/>`
const r = (n: number) => Math.round(n * 10) / 10

/** The SVG of one node; its children are drawn after it, on top. */
function nodeSvg(type: StudioNodeType, data: Record<string, unknown>, b: Box): string {
  const inner = b.w - 16
  switch (type) {
    case 'device': {
      const d = data as DeviceCardData
      const color = FAMILY_COLORS[kindFamily(d.kind)]
      const lines = [
        rect(b, '#ffffff', d.marked ? '#d33' : '#c9d0dc', d.marked ? ' stroke-width="2"' : ''),
        `<rect x="${r(b.x)}" y="${r(b.y)}" width="5" height="${r(b.h)}" fill="${color}"/>`,
        text(b.x + 12, b.y + 18, d.title, { size: 12, weight: 'bold', width: inner - 40 }),
        text(b.x + b.w - 8, b.y + 18, d.origin === 'input' ? 'user' : d.origin, { size: 9, fill: '#6b7486', anchor: 'end' }),
        text(b.x + 12, b.y + 34, `${d.writtenModel ?? d.model}${d.numaNode !== undefined ? ` · NUMA ${d.numaNode}` : ''}`, {
          fill: '#4b5466',
          width: inner,
        }),
      ]
      if (d.details?.length) lines.push(text(b.x + 12, b.y + 50, d.details.join(' · '), { size: 10, fill: '#6b7486', width: inner }))
      lines.push(text(b.x + 12, b.y + b.h - 12, d.xmlAddress, { size: 10, mono: true }))
      if (d.guestBdf)
        lines.push(text(b.x + b.w - 8, b.y + b.h - 12, `guest ${d.guestBdf}`, { size: 10, mono: true, fill: '#4b5466', anchor: 'end' }))
      return lines.join('')
    }
    case 'port': {
      const d = data as PortData
      return [
        rect(b, d.empty ? '#f7f9fc' : '#eef1f6', '#8d9ab0', d.empty ? ' stroke-dasharray="5 3"' : ''),
        text(b.x + 8, b.y + 16, `${portTitle(d.model)} #${d.index}`, { size: 11, weight: 'bold', width: inner - 70 }),
        text(b.x + b.w - 8, b.y + 16, d.hotplug === 'on' ? 'hotplug' : 'no hotplug', {
          size: 9,
          fill: d.hotplug === 'on' ? '#2c7a3f' : '#6b7486',
          anchor: 'end',
        }),
        text(b.x + 8, b.y + 31, `${d.xmlAddress}${d.guestBdf ? ` · guest ${d.guestBdf}` : ''}`, {
          size: 10,
          mono: true,
          fill: '#4b5466',
          width: inner,
        }),
        d.empty ? text(b.x + 8, b.y + 54, 'empty', { size: 10, fill: '#6b7486' }) : '',
      ].join('')
    }
    case 'bus': {
      const d = data as BusData
      const root = d.xmlAddress === undefined
      const sub = `${d.xmlAddress ? `at ${d.xmlAddress}` : 'root bus'}${d.guestBdf ? ` · guest ${d.guestBdf}` : ''}${d.numaNode !== undefined ? ` · NUMA node ${d.numaNode}` : ''} · ${d.freeSlots} free slot${d.freeSlots === 1 ? '' : 's'}`
      return [
        rect(b, root ? '#fafbfd' : '#ffffff', root ? '#3b4557' : '#8d9ab0', ` stroke-width="${root ? 2 : 1.5}" fill-opacity="0.9"`),
        text(b.x + 10, b.y + 18, `${busTitle(d.model)} (${d.model}) · bus ${d.index}`, { size: 12, weight: 'bold', width: inner }),
        text(b.x + 10, b.y + 34, sub, { size: 10, fill: '#4b5466', width: inner }),
      ].join('')
    }
    case 'numa': {
      const d = data as NumaData
      return [
        rect(b, '#fdf3d6', '#d39b1f', ' stroke-width="2" fill-opacity="0.55"'),
        text(b.x + 10, b.y + 20, `NUMA node ${d.node}`, { size: 12, weight: 'bold', fill: '#8a5d00' }),
        d.empty ? text(b.x + 10, b.y + 40, 'no device pinned to this node', { size: 10, fill: '#6b7486' }) : '',
      ].join('')
    }
    case 'busgroup': {
      const d = data as GroupData
      const out = [
        rect(b, '#ffffff', '#c9d0dc'),
        text(b.x + 10, b.y + 18, d.title, { size: 11, weight: 'bold', width: inner - 60 }),
        text(b.x + b.w - 8, b.y + 18, `${d.items.length} device${d.items.length === 1 ? '' : 's'}`, {
          size: 9,
          fill: '#6b7486',
          anchor: 'end',
        }),
      ]
      if (!d.collapsed)
        d.items.forEach((item, i) => {
          const y = b.y + 40 + i * 20 + 10
          out.push(text(b.x + 10, y, item.label, { size: 10, width: inner - 80 }))
          out.push(text(b.x + b.w - 8, y, item.address, { size: 10, mono: true, fill: '#4b5466', anchor: 'end' }))
        })
      return out.join('')
    }
    case 'run': {
      const d = data as RunData
      return [
        rect(b, '#f3f5f9', '#8d9ab0', ' stroke-dasharray="5 3"'),
        text(b.x + 10, b.y + 20, `+${d.count} more like this`, { size: 12, weight: 'bold' }),
        text(b.x + 10, b.y + 38, d.summary, { size: 10, fill: '#4b5466', width: inner }),
        text(b.x + 10, b.y + b.h - 14, `${d.firstAddress} … ${d.lastAddress}`, { size: 10, mono: true, width: inner }),
      ].join('')
    }
    case 'mfslot': {
      const d = data as MultifunctionData
      return [
        rect(b, '#f2f5fb', '#5a688a', ' stroke-width="1.5"'),
        text(b.x + 8, b.y + 16, d.title, { size: 11, weight: 'bold', width: inner }),
      ].join('')
    }
    case 'slot':
      return ''
    default:
      return exhaustive(type)
  }
}

/**
 * The diagram as a standalone SVG document: every node as vector shapes and `<text>`, the edges
 * as `<path>`s with their labels, and a legend; no `<foreignObject>`, no HTML, no CSS classes, so
 * that it reads the same in a browser, an image viewer or a ticket tracker.
 *
 * @param nodes React Flow's nodes (parents before or after children: positions are resolved by id)
 * @param edges React Flow's edges (drawn from the source's bottom to the target's top)
 * @param title the document's name, written as the SVG's `<title>` and over the drawing
 */
export function diagramSvg(nodes: readonly SvgNodeInput[], edges: readonly SvgEdgeInput[], title: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const abs = new Map<string, Box>()
  const boxOf = (n: SvgNodeInput): Box => {
    const known = abs.get(n.id)
    if (known) return known
    const parent = n.parentId ? byId.get(n.parentId) : undefined
    const p = parent ? boxOf(parent) : { x: 0, y: 0 }
    const b = { x: p.x + n.position.x, y: p.y + n.position.y, w: n.width ?? n.measured?.width ?? 0, h: n.height ?? n.measured?.height ?? 0 }
    abs.set(n.id, b)
    return b
  }
  const boxes = nodes.map(boxOf)
  const minX = Math.min(0, ...boxes.map((b) => b.x))
  const minY = Math.min(0, ...boxes.map((b) => b.y))
  const maxX = Math.max(0, ...boxes.map((b) => b.x + b.w))
  const maxY = Math.max(0, ...boxes.map((b) => b.y + b.h))
  const top = 36
  const dx = MARGIN - minX
  const dy = MARGIN + top - minY
  const legendH = 40 + (LEGEND.length + 3) * 18
  const width = Math.ceil(maxX - minX + 2 * MARGIN + LEGEND_W + MARGIN)
  const height = Math.ceil(Math.max(maxY - minY, legendH) + 2 * MARGIN + top)

  const depth = (n: SvgNodeInput): number => (n.parentId && byId.get(n.parentId) ? 1 + depth(byId.get(n.parentId)!) : 0)
  // note: containers first, then what they hold: a stable sort by depth keeps the layout's order within a level
  const ordered = [...nodes].map((n, i) => ({ n, i, d: depth(n) })).sort((a, b) => a.d - b.d || a.i - b.i)
  const body: string[] = []
  for (const { n } of ordered) {
    const b = abs.get(n.id)!
    body.push(nodeSvg((n.type ?? 'device') as StudioNodeType, n.data, { x: b.x + dx, y: b.y + dy, w: b.w, h: b.h }))
  }
  const edgeSvg: string[] = []
  for (const e of edges) {
    const s = abs.get(e.source)
    const t = abs.get(e.target)
    if (!s || !t) continue
    const x1 = s.x + s.w / 2 + dx
    const y1 = s.y + s.h + dy
    const x2 = t.x + t.w / 2 + dx
    const y2 = t.y + dy
    const mid = (y1 + y2) / 2
    edgeSvg.push(
      `<path d="M ${r(x1)} ${r(y1)} V ${r(mid)} H ${r(x2)} V ${r(y2)}" fill="none" stroke="#8d9ab0" stroke-width="1.5" marker-end="url(#arrow)"/>`,
    )
    if (typeof e.label === 'string' && e.label) {
      const w = e.label.length * 6.4 + 8
      edgeSvg.push(
        `<rect x="${r((x1 + x2) / 2 - w / 2)}" y="${r(mid - 9)}" width="${r(w)}" height="16" rx="3" fill="#ffffff" stroke="#c9d0dc"/>`,
      )
      edgeSvg.push(text((x1 + x2) / 2, mid + 3, e.label, { size: 10, mono: true, anchor: 'middle' }))
    }
  }

  const lx = maxX - minX + 2 * MARGIN
  const ly = MARGIN + top
  const legend = [
    rect({ x: lx, y: ly, w: LEGEND_W, h: legendH }, '#ffffff', '#c9d0dc'),
    text(lx + 10, ly + 18, 'Legend', { size: 12, weight: 'bold' }),
  ]
  LEGEND.forEach(([fam, label], i) => {
    const y = ly + 30 + i * 18
    legend.push(`<rect x="${r(lx + 10)}" y="${r(y)}" width="14" height="12" rx="2" fill="${FAMILY_COLORS[fam]}"/>`)
    legend.push(text(lx + 32, y + 10, label, { size: 11 }))
  })
  const extra: [string, string, string][] = [
    ['#eef1f6', '#8d9ab0', 'port (holds one device)'],
    ['#f7f9fc', '#8d9ab0', 'empty port'],
    ['#fdf3d6', '#d39b1f', 'guest NUMA node'],
  ]
  extra.forEach(([fill, stroke, label], i) => {
    const y = ly + 30 + (LEGEND.length + i) * 18
    legend.push(`<rect x="${r(lx + 10)}" y="${r(y)}" width="14" height="12" rx="2" fill="${fill}" stroke="${stroke}"/>`)
    legend.push(text(lx + 32, y + 10, label, { size: 11 }))
  })

  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#8d9ab0"/></marker></defs>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    text(MARGIN, MARGIN + 14, `${title} · PCI topology (devaddr studio)`, { size: 14, weight: 'bold' }),
    `<g id="nodes">${body.join('')}</g>`,
    `<g id="edges">${edgeSvg.join('')}</g>`,
    `<g id="legend">${legend.join('')}</g>`,
    `</svg>`,
    '',
  ].join('\n')
}

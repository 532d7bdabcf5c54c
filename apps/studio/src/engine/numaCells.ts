import type { DomainDocument, XmlDocument, XmlElement } from '@devaddr/formats'

import { attr, child, children, element, indentOf, insertChild, setAttr, setText, textOf } from './xmlTree.ts'

/** One guest NUMA cell as the studio edits it: `<cell id cpus memory unit='KiB'>`. */
export interface NumaCellSpec {
  /** vCPU list in libvirt's syntax, `0-1`, `2,3`; empty: a memory-only node */
  cpus: string
  /** memory of the cell in KiB */
  memoryKiB: number
}

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  kb: 1000 / 1024,
  m: 1024,
  mib: 1024,
  mb: 1e6 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  gb: 1e9 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
  tb: 1e12 / 1024,
}

/** A size element (`<memory unit='GiB'>4</memory>`) in KiB; libvirt's default unit is KiB. */
export function sizeKiB(el: XmlElement | undefined, unitAttr = 'unit', value?: string): number | undefined {
  if (!el) return undefined
  const n = Number(value ?? textOf(el))
  const unit = (attr(el, unitAttr) ?? 'KiB').toLowerCase()
  const f = UNIT_KIB[unit]
  return Number.isFinite(n) && f !== undefined ? Math.round(n * f) : undefined
}

/** The `<domain>` element of a tree. */
export function domainRoot(tree: XmlDocument): XmlElement | undefined {
  return tree.children.find((c): c is XmlElement => c.kind === 'element')
}

/** The guest NUMA cells a domain has now (`<cpu><numa><cell>`). */
export function readNumaCells(root: XmlElement): NumaCellSpec[] {
  const numa = child(child(root, 'cpu') ?? element('cpu'), 'numa')
  if (!numa) return []
  return children(numa, 'cell').map((c) => ({ cpus: attr(c, 'cpus') ?? '', memoryKiB: sizeKiB(c, 'unit', attr(c, 'memory')) ?? 0 }))
}

/**
 * An even split of the domain's memory and vCPUs over `n` cells: every cell gets a whole
 * number of MiB (the last one the rest), and consecutive vCPUs (the first cells one more when
 * they do not divide). The sum of the cells is exactly `memoryKiB`, so libvirt, which takes the
 * domain's memory to be the sum of its cells, keeps the size the document gives.
 *
 * @example splitNumaCells(4194304, 4, 2) // [{ cpus: '0-1', memoryKiB: 2097152 }, { cpus: '2-3', memoryKiB: 2097152 }]
 */
export function splitNumaCells(memoryKiB: number, vcpus: number, n: number): NumaCellSpec[] {
  if (n <= 0) return []
  const perMiB = Math.floor(memoryKiB / 1024 / n)
  const cells: NumaCellSpec[] = []
  let cpu = 0
  for (let i = 0; i < n; i++) {
    const count = Math.floor(vcpus / n) + (i < vcpus % n ? 1 : 0)
    const cpus = count === 0 ? '' : count === 1 ? String(cpu) : `${cpu}-${cpu + count - 1}`
    cpu += count
    const mem = i === n - 1 ? memoryKiB - perMiB * 1024 * (n - 1) : perMiB * 1024
    cells.push({ cpus, memoryKiB: mem })
  }
  return cells
}

/** Highest vCPU number named by a cpus list (`0-3,6` → 6), -1 for none. */
function maxCpu(cpus: string): number {
  let max = -1
  for (const part of cpus.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part)
    if (m) max = Math.max(max, Number(m[2] ?? m[1]))
  }
  return max
}

/**
 * The document with `n` guest NUMA cells in `<cpu><numa>`, so that the expander buses the engine
 * adds for NUMA-pinned devices name nodes that exist. A document that already has exactly `n`
 * cells keeps them; otherwise the cells split the domain's `<memory>` and `<vcpu>` evenly
 * (`splitNumaCells`), so that libvirt, which sets the domain's memory to the sum of the cells,
 * never shrinks the VM. `cells` (what the user typed) replaces the split. `<memory>` and
 * `<vcpu>` grow when the cells ask for more; they never shrink. Other attributes of an existing
 * cell (`memAccess`, `discard`) are kept.
 * note: formats' writer owns only `<devices>`; this is the studio's own addition.
 *
 * @param doc the parsed document (not modified)
 * @param n the number of guest NUMA nodes
 * @param cells the cells as the user edited them, when they did (length `n`)
 */
export function withNumaCells(doc: DomainDocument, n: number, cells?: readonly NumaCellSpec[]): DomainDocument {
  const tree = structuredClone(doc.tree)
  const root = domainRoot(tree)
  if (!root) return doc
  const existing = readNumaCells(root)
  if (existing.length === n && !cells) return { ...doc, tree }
  writeNumaCells(root, n, cells)
  return { ...doc, tree }
}

/** Writes `n` cells into `<domain>` (in place); see `withNumaCells`. */
export function writeNumaCells(root: XmlElement, n: number, cells?: readonly NumaCellSpec[]): void {
  const unit = '  '
  const rootIndent = ''
  const memoryEl = child(root, 'memory')
  const vcpuEl = child(root, 'vcpu')
  const memoryKiB = sizeKiB(memoryEl) ?? 1024 * 1024
  const vcpus = Math.max(1, Number(textOf(vcpuEl)) || 1)
  const wanted = cells && cells.length === n ? [...cells] : splitNumaCells(memoryKiB, Math.max(vcpus, n), n)

  // note: libvirt takes the domain's memory to be the sum of the cells: grow <memory>, never shrink it
  const sum = wanted.reduce((s, c) => s + c.memoryKiB, 0)
  if (memoryEl && sum > memoryKiB) {
    setAttr(memoryEl, 'unit', 'KiB')
    setText(memoryEl, String(sum))
  }
  const needCpus = Math.max(0, ...wanted.map((c) => maxCpu(c.cpus) + 1))
  if (vcpuEl && needCpus > vcpus) setText(vcpuEl, String(needCpus))
  else if (!vcpuEl && needCpus > 1)
    insertChild(
      root,
      Object.assign(element('vcpu'), { selfClosing: false, children: [{ kind: 'text' as const, raw: String(needCpus) }] }),
      rootIndent,
      unit,
      memoryEl ? undefined : child(root, 'os'),
    )

  let cpu = child(root, 'cpu')
  if (!cpu) {
    cpu = element('cpu')
    insertChild(root, cpu, rootIndent, unit, child(root, 'devices'))
  }
  const cpuIndent = indentOf(root, cpu) ?? unit
  let numa = child(cpu, 'numa')
  if (!numa) {
    numa = element('numa')
    insertChild(cpu, numa, cpuIndent, unit)
  }
  const numaIndent = indentOf(cpu, numa) ?? cpuIndent + unit
  const old = children(numa, 'cell')
  const oldById = new Map(old.map((c) => [attr(c, 'id'), c] as const))
  numa.children = []
  numa.selfClosing = true
  wanted.forEach((spec, i) => {
    const prev = oldById.get(String(i))
    const cell = prev ? structuredClone(prev) : element('cell')
    setAttr(cell, 'id', String(i))
    setAttr(cell, 'cpus', spec.cpus === '' ? undefined : spec.cpus)
    setAttr(cell, 'memory', String(spec.memoryKiB))
    setAttr(cell, 'unit', 'KiB')
    insertChild(numa!, cell, numaIndent, unit)
  })
}

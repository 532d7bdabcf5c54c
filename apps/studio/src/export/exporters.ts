import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react'
import { toPng } from 'html-to-image'
import { stringify } from 'yaml'

import type { OkOutcome } from '../engine/outcome.ts'

/** The device list as data: what YAML and JSON exports hold. */
export function deviceList(outcome: OkOutcome, name: string) {
  const { expansion, guest } = outcome
  return {
    domain: name,
    arch: expansion.arch,
    machine: expansion.machine,
    policy: expansion.policy,
    devices: expansion.devices.map((d) => ({ ...d, ...(guest?.[d.id] ? { guestBdf: guest[d.id] } : {}) })),
    warnings: expansion.warnings,
  }
}

export const devicesYaml = (outcome: OkOutcome, name: string) => stringify(deviceList(outcome, name))
export const devicesJson = (outcome: OkOutcome, name: string) => `${JSON.stringify(deviceList(outcome, name), null, 2)}\n`

/** Starts a browser download of `data`. */
export function download(filename: string, data: string | Blob, mime = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: `${mime};charset=utf-8` }) : data
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is not allowed. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const ta = document.createElement('textarea')
    ta.value = text
    ta.style.position = 'fixed'
    ta.style.opacity = '0'
    document.body.append(ta)
    ta.select()
    document.execCommand('copy')
    ta.remove()
  }
}

/**
 * The diagram as a PNG data URL, drawn from React Flow's viewport element at a scale where every
 * node fits (React Flow's documented download-image recipe). The SVG export is `diagramSvg`.
 */
export async function diagramImage(nodes: Node[]): Promise<string> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')
  if (!viewport) throw new Error('no diagram to export')
  const bounds = getNodesBounds(nodes)
  const width = Math.min(8000, Math.max(400, Math.ceil(bounds.width + 80)))
  const height = Math.min(8000, Math.max(300, Math.ceil(bounds.height + 80)))
  const vp = getViewportForBounds(bounds, width, height, 0.05, 1, 0.04)
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` },
  }
  return toPng(viewport, options)
}

import type { Address, ExpansionWarning } from 'devaddr'

import type { DeviceFacts } from './engine/deviceProps.ts'
import type { Edits } from './engine/edits.ts'
import type { Notice } from './store/viewSlice.ts'

/** One device as specs see it. */
export interface E2eDevice {
  id: string
  kind: string
  model: string | null
  origin: string
  address: Address | null
  /** `0000:01:00.0`, `drive 0:0:0:0`, … */
  xmlAddress: string
  guestBdf: string | null
  index: number | null
  hotplug: string | null
  numaNode: number | null
}

/** What the page exposes on `window.__devaddr` for Playwright specs to read (tldraw's EndToEndApi idea). */
export interface E2eApi {
  status: 'loading' | 'error' | 'ready'
  sourceName: string | null
  error: { kind: string; message: string; line: number | null } | null
  devices: E2eDevice[]
  expandedXml: string | null
  warnings: ExpansionWarning[]
  edits: Edits | null
  /** the libvirt release the engine imitates, so the one the exported XML is for (the edits' choice, else the default) */
  libvirtVersion: string | null
  canUndo: boolean
  canRedo: boolean
  notice: Notice | null
  selectedId: string | null
  /** selects a device by id, as a click on its card would */
  select?: (id: string | null) => void
  /** device id → what identifies it (MAC, network, source, host address, alias, model) */
  facts?: Record<string, DeviceFacts>
  /** ids of the devices the errors are about, when an invalid document is drawn */
  offenders?: string[]
  /** engine time of the last expansion, in the worker */
  engineMs: number | null
  /**
   * the last drawing: node count, ELK time, time from a new expansion to painted nodes, and
   * `paintedAt`, the `performance.now()` just after the frame that shows it (for the bench)
   */
  render: { nodeCount: number; layoutMs: number; renderMs: number; seq: number; paintedAt: number } | null
}

declare global {
  interface Window {
    __devaddr?: E2eApi
  }
}

const EMPTY: E2eApi = {
  status: 'loading',
  sourceName: null,
  error: null,
  devices: [],
  expandedXml: null,
  warnings: [],
  edits: null,
  libvirtVersion: null,
  canUndo: false,
  canRedo: false,
  notice: null,
  selectedId: null,
  engineMs: null,
  render: null,
}

/**
 * Publishes the studio's state for end-to-end tests. The device list is made when a spec reads it,
 * not on every publish: a thousand objects built after each edit are work the user waits for.
 */
export function publishE2eState(state: Omit<E2eApi, 'render' | 'devices'> & { devices: () => E2eDevice[] }): void {
  const { devices, ...rest } = state
  let list: E2eDevice[] | undefined
  const api: E2eApi = { ...EMPTY, ...rest, render: window.__devaddr?.render ?? null }
  Object.defineProperty(api, 'devices', { enumerable: true, configurable: true, get: () => (list ??= devices()) })
  window.__devaddr = api
}

let seq = 0
/** Records that a drawing reached the screen. */
export function publishRender(render: { nodeCount: number; layoutMs: number; renderMs: number; paintedAt: number }): void {
  // note: a copy that keeps the lazy device list lazy (a spread would build it)
  const api = Object.defineProperties({}, Object.getOwnPropertyDescriptors(window.__devaddr ?? EMPTY)) as E2eApi
  api.render = { ...render, seq: ++seq }
  window.__devaddr = api
}

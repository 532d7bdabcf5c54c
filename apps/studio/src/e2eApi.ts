import type { DeviceRow } from './xml/readDevices.ts'

/** What the page exposes on `window.__devaddr` for Playwright specs to read. */
export interface E2eApi {
  status: 'loading' | 'error' | 'ready'
  exampleId: string
  devices: readonly DeviceRow[]
  expandedXml: string | null
}

declare global {
  interface Window {
    __devaddr?: E2eApi
  }
}

/** Publishes the studio's current state for end-to-end tests (tldraw's EndToEndApi idea). */
export function publishE2eState(state: E2eApi): void {
  window.__devaddr = state
}

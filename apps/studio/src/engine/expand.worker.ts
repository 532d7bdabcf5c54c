import type { Edits } from './edits.ts'
import { finishOutcome } from './finishOutcome.ts'
import { runExpansion } from './runExpansion.ts'

/** A request to the engine worker. */
export interface ExpandRequest {
  id: number
  xml: string
  edits: Edits
}

// note: the app's tsconfig has the DOM lib, not webworker; only these two members are used.
const scope = self as unknown as { onmessage: ((ev: MessageEvent<ExpandRequest>) => void) | null; postMessage(message: unknown): void }

scope.onmessage = (ev) => {
  const { id, xml, edits } = ev.data
  scope.postMessage({ id, outcome: finishOutcome(xml, edits, runExpansion(xml, edits)) })
}

import type { Edits } from './edits.ts'
import { type FinishedRun, finishOutcome } from './finishOutcome.ts'
import { encodeOutcome } from './outcomeDelta.ts'
import { runExpansion } from './runExpansion.ts'

/** A request to the engine worker. */
export interface ExpandRequest {
  id: number
  xml: string
  edits: Edits
}

// note: the app's tsconfig has the DOM lib, not webworker; only these two members are used.
const scope = self as unknown as { onmessage: ((ev: MessageEvent<ExpandRequest>) => void) | null; postMessage(message: unknown): void }

// note: the page decodes each message against the successful outcome before it (EngineClient), in
// the order they were posted: both sides keep the same one
let lastOk: FinishedRun | undefined

scope.onmessage = (ev) => {
  const { id, xml, edits } = ev.data
  const outcome = finishOutcome(xml, edits, runExpansion(xml, edits), lastOk)
  scope.postMessage({ id, outcome: encodeOutcome(outcome, lastOk?.outcome) })
  if (outcome.ok) lastOk = { xml, edits, outcome }
}

import type { Edits } from './edits.ts'
import type { ExpandRequest } from './expand.worker.ts'
import type { StudioOutcome as ExpandOutcome } from './finishOutcome.ts'
import { decodeOutcome, type PostedOutcome } from './outcomeDelta.ts'

type Pending = { resolve: (o: ExpandOutcome) => void; reject: (e: Error) => void }

/**
 * Runs the engine in a Web Worker so that a large domain never blocks the page.
 * One worker, requests answered in order; callers get a promise per request.
 */
export class EngineClient {
  #worker: Worker | undefined
  #next = 1
  readonly #pending = new Map<number, Pending>()
  /** the last successful outcome the worker posted, decoded: its next one is a delta on it */
  #lastOk: Extract<ExpandOutcome, { ok: true }> | undefined

  #ensure(): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(new URL('./expand.worker.ts', import.meta.url), { type: 'module', name: 'devaddr-engine' })
    worker.onmessage = (ev: MessageEvent<{ id: number; outcome: PostedOutcome }>) => {
      const p = this.#pending.get(ev.data.id)
      this.#pending.delete(ev.data.id)
      const outcome = decodeOutcome(ev.data.outcome, this.#lastOk)
      if (outcome.ok) this.#lastOk = outcome
      p?.resolve(outcome)
    }
    worker.onerror = (ev) => {
      ev.preventDefault()
      const error = new Error(`engine worker failed: ${ev.message || 'unknown error'}`)
      for (const p of this.#pending.values()) p.reject(error)
      this.#pending.clear()
      this.#worker?.terminate()
      this.#worker = undefined
      this.#lastOk = undefined
    }
    this.#worker = worker
    return worker
  }

  /** Expands `xml` with `edits` off the main thread. */
  expand(xml: string, edits: Edits): Promise<ExpandOutcome> {
    const id = this.#next++
    const request: ExpandRequest = { id, xml, edits }
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#ensure().postMessage(request)
    })
  }
}

/** The studio's one engine worker. */
export const engineClient = new EngineClient()

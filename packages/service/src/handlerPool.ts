import { Worker } from 'node:worker_threads'

import type { DomainRequest } from './domainRequest.ts'
import type { EngineRoute, HandlerAnswer, HandlerJob } from './handlerWorker.ts'
import { errorResponse, type ServiceResponse } from './response.ts'

/** How the engine's work is shared out. */
export interface PoolOptions {
  /** worker threads running handlers at once; default 2 */
  workers?: number
  /** requests waiting for a worker before new ones get 503; default 64 */
  queueLimit?: number
  /** CPU budget of one request, in ms: past it the worker is stopped and the request gets 422; default 10,000 */
  timeoutMs?: number
  /** heap limit per worker in MiB: a request that needs more gets 422; default 1,024 */
  heapMiB?: number
}

interface Pending {
  job: HandlerJob
  resolve: (r: ServiceResponse) => void
}

interface Slot {
  worker: Worker
  /** the worker has loaded the handlers */
  ready: boolean
  busy: { pending: Pending; timer: NodeJS.Timeout } | undefined
}

// note: under tsx (the repository) the worker is a .ts file Node cannot load by itself: the
// bootstrap registers tsx's loader in the worker first; a built package has .js and skips it
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './handlerWorker.ts' : './handlerWorker.js', import.meta.url)
const BOOTSTRAP = WORKER_URL.pathname.endsWith('.ts')
  ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}) })`
  : `import(${JSON.stringify(WORKER_URL.href)})`

/**
 * Runs the engine's handlers on worker threads so the event loop stays free: `/healthz`,
 * other clients and SIGTERM are answered while a domain is being expanded. A request that
 * runs past its CPU budget, or past the heap limit, loses its worker (a fresh one takes its
 * place) and is answered 422; when every worker is busy and the queue is full, 503.
 */
export class HandlerPool {
  readonly #slots: Slot[] = []
  readonly #queue: Pending[] = []
  readonly #queueLimit: number
  readonly #timeoutMs: number
  readonly #heapMiB: number
  #nextId = 1
  #closed = false
  #readyWaiters: (() => void)[] = []

  constructor(options: PoolOptions = {}) {
    this.#queueLimit = options.queueLimit ?? 64
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#heapMiB = options.heapMiB ?? 1024
    for (let i = 0; i < (options.workers ?? 2); i++) this.#slots.push(this.#spawn())
  }

  /** Runs `route`'s handler on `request` in a worker; always resolves, never rejects. */
  run(route: EngineRoute, request: DomainRequest): Promise<ServiceResponse> {
    if (this.#closed) return Promise.resolve(shuttingDown())
    return new Promise((resolve) => {
      const pending: Pending = { job: { id: this.#nextId++, route, request }, resolve }
      const idle = this.#slots.find((s) => s.ready && s.busy === undefined)
      if (idle) this.#start(idle, pending)
      else if (this.#queue.length < this.#queueLimit) this.#queue.push(pending)
      else
        resolve({
          ...errorResponse(503, [
            { code: 'overloaded', message: `every worker is busy and ${this.#queueLimit} requests are waiting; retry shortly` },
          ]),
          headers: { 'retry-after': '1' },
        })
    })
  }

  /** Resolves once every worker has loaded the engine (startServer waits for it before listening). */
  whenReady(): Promise<void> {
    if (this.#slots.every((s) => s.ready)) return Promise.resolve()
    return new Promise((resolve) => this.#readyWaiters.push(resolve))
  }

  /** Stops every worker; requests still waiting are answered 503. */
  async close(): Promise<void> {
    this.#closed = true
    for (const p of this.#queue.splice(0)) p.resolve(shuttingDown())
    await Promise.all(
      this.#slots.map(async (s) => {
        if (s.busy) {
          clearTimeout(s.busy.timer)
          s.busy.pending.resolve(shuttingDown())
          s.busy = undefined
        }
        await s.worker.terminate()
      }),
    )
  }

  #spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxOldGenerationSizeMb: this.#heapMiB } })
    const slot: Slot = { worker, ready: false, busy: undefined }
    worker.on('message', (answer: HandlerAnswer | { ready: true }) => {
      if ('ready' in answer) {
        slot.ready = true
        if (this.#slots.every((s) => s.ready)) for (const wake of this.#readyWaiters.splice(0)) wake()
        const next = this.#queue.shift()
        if (next && !this.#closed) this.#start(slot, next)
        return
      }
      if (slot.busy?.pending.job.id !== answer.id) return
      this.#finish(slot, answer.response)
    })
    worker.on('error', () => {
      // note: a worker dies on a heap overflow (ERR_WORKER_OUT_OF_MEMORY) or an uncaught error
      this.#replace(
        slot,
        errorResponse(422, [{ code: 'resource-limit', message: `expanding this domain needs more than ${this.#heapMiB} MiB of memory` }]),
      )
    })
    worker.unref()
    return slot
  }

  #start(slot: Slot, pending: Pending): void {
    const timer = setTimeout(() => {
      this.#replace(
        slot,
        errorResponse(422, [
          { code: 'time-limit', message: `expanding this domain took more than ${this.#timeoutMs} ms of CPU; devaddr stopped it` },
        ]),
      )
    }, this.#timeoutMs)
    slot.busy = { pending, timer }
    slot.worker.postMessage(pending.job)
  }

  #finish(slot: Slot, response: ServiceResponse): void {
    const busy = slot.busy
    if (!busy) return
    clearTimeout(busy.timer)
    slot.busy = undefined
    busy.pending.resolve(response)
    const next = this.#queue.shift()
    if (next && !this.#closed) this.#start(slot, next)
  }

  /** Answers the slot's request with `response`, and puts a fresh worker in its place. */
  #replace(slot: Slot, response: ServiceResponse): void {
    const at = this.#slots.indexOf(slot)
    // a worker stopped on purpose may still report an error: its slot has a new worker already
    if (at === -1) return
    const busy = slot.busy
    if (busy) clearTimeout(busy.timer)
    slot.busy = undefined
    void slot.worker.terminate()
    if (this.#closed) {
      busy?.pending.resolve(response)
      return
    }
    const fresh = this.#spawn()
    this.#slots[at] = fresh
    busy?.pending.resolve(response)
  }
}

function shuttingDown(): ServiceResponse {
  return { ...errorResponse(503, [{ code: 'shutting-down', message: 'the service is stopping' }]), headers: { 'retry-after': '1' } }
}

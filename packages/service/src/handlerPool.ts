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
  /** a body longer than this (characters) is a large request (see HandlerPool); default 64 Ki */
  largeBody?: number
}

interface Pending {
  job: HandlerJob
  resolve: (r: ServiceResponse) => void
  large: boolean
  queuedAt: number
}

/** A large request waiting this long goes before small ones, so that it is not put off forever. */
const LARGE_WAIT_LIMIT_MS = 2_000

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
 *
 * Fair to small requests: large bodies (megabytes of comments, tens of thousands of elements)
 * may hold all workers but one at a time, and a waiting small request goes first, so a client
 * sending ordinary domains waits for at most one other request, not behind a pile of big
 * ones. A large request that has waited LARGE_WAIT_LIMIT_MS goes first in its turn.
 */
export class HandlerPool {
  readonly #slots: Slot[] = []
  readonly #queue: Pending[] = []
  readonly #queueLimit: number
  readonly #timeoutMs: number
  readonly #heapMiB: number
  readonly #largeBody: number
  #nextId = 1
  #closed = false
  #readyWaiters: (() => void)[] = []

  constructor(options: PoolOptions = {}) {
    this.#queueLimit = options.queueLimit ?? 64
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#heapMiB = options.heapMiB ?? 1024
    this.#largeBody = options.largeBody ?? 64 * 1024
    for (let i = 0; i < (options.workers ?? 2); i++) this.#slots.push(this.#spawn())
  }

  /** Runs `route`'s handler on `request` in a worker; always resolves, never rejects. */
  run(route: EngineRoute, request: DomainRequest): Promise<ServiceResponse> {
    if (this.#closed) return Promise.resolve(shuttingDown())
    return new Promise((resolve) => {
      const large = request.body.length > this.#largeBody
      const pending: Pending = { job: { id: this.#nextId++, route, request }, resolve, large, queuedAt: performance.now() }
      const idle = this.#slots.find((s) => s.ready && s.busy === undefined)
      if (idle && (!large || this.#largeRunning() < this.#largeLimit())) this.#start(idle, pending)
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
        const next = this.#next()
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
    const next = this.#next()
    if (next && !this.#closed) this.#start(slot, next)
  }

  /** Large requests may hold every worker but one (all of them when there is only one). */
  #largeLimit(): number {
    return Math.max(1, this.#slots.length - 1)
  }

  #largeRunning(): number {
    return this.#slots.filter((s) => s.busy?.pending.large).length
  }

  /** Takes the request a free worker should run next off the queue (see the class comment). */
  #next(): Pending | undefined {
    const firstLarge = this.#queue.findIndex((p) => p.large)
    const largeAllowed = firstLarge !== -1 && this.#largeRunning() < this.#largeLimit()
    const overdue = largeAllowed && performance.now() - this.#queue[firstLarge]!.queuedAt >= LARGE_WAIT_LIMIT_MS
    const firstSmall = overdue ? -1 : this.#queue.findIndex((p) => !p.large)
    const at = firstSmall !== -1 ? firstSmall : largeAllowed ? firstLarge : -1
    return at === -1 ? undefined : this.#queue.splice(at, 1)[0]
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

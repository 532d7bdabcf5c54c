import { parentPort } from 'node:worker_threads'

import type { DomainRequest } from './domainRequest.ts'
import { handleDrift } from './handlers/drift.ts'
import { handleExpand } from './handlers/expand.ts'
import { handleExplain } from './handlers/explain.ts'
import { handleHotplug } from './handlers/hotplug.ts'
import type { ServiceResponse } from './response.ts'

/** The routes whose work runs off the event loop: each reads a domain and runs the engine. */
export type EngineRoute = 'expand' | 'explain' | 'hotplug' | 'drift'

/** One job for a worker. */
export interface HandlerJob {
  id: number
  route: EngineRoute
  request: DomainRequest
}

/** A worker's answer to job `id`. */
export interface HandlerAnswer {
  id: number
  response: ServiceResponse
}

const HANDLERS: Record<EngineRoute, (r: DomainRequest) => ServiceResponse> = {
  expand: handleExpand,
  explain: handleExplain,
  hotplug: handleHotplug,
  drift: handleDrift,
}

parentPort?.on('message', (job: HandlerJob) => {
  const answer: HandlerAnswer = { id: job.id, response: HANDLERS[job.route](job.request) }
  parentPort?.postMessage(answer)
})
// note: loading the engine takes a while; a request's CPU budget starts once this is sent
parentPort?.postMessage({ ready: true })

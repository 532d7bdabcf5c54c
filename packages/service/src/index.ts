/**
 * @devaddr/service: the devaddr engine over HTTP/JSON, for management apps not written in JS.
 * @packageDocumentation
 */
export { buildServer, startServer, DEFAULT_BODY_LIMIT } from './server.ts'
export type { ServerOptions, RunningServer } from './server.ts'
export { handleExpand } from './handlers/expand.ts'
export { handleExplain } from './handlers/explain.ts'
export { handleHotplug } from './handlers/hotplug.ts'
export { handleDrift } from './handlers/drift.ts'
export { handlePolicies, handleHealth } from './handlers/policies.ts'
export type { DomainRequest } from './domainRequest.ts'
export type { ServiceResponse, ApiError } from './response.ts'

// note: fastify 5 (OpenJS Foundation, Node-native, actively maintained) over hono: it gives a
// body limit answering 413 before the body is buffered, 415 for media types with no parser,
// request/connection timeouts, `inject()` for tests and a graceful `close()`, with nothing to glue.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { decodeUtf8 } from '@devaddr/formats'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'

import type { DomainRequest } from './domainRequest.ts'
import { HandlerPool, type PoolOptions } from './handlerPool.ts'
import { handleHealth, handlePolicies } from './handlers/policies.ts'
import type { EngineRoute } from './handlerWorker.ts'
import { isAllowedHost } from './hostCheck.ts'
import { REQUEST_MEDIA_TYPES, RESPONSE_MEDIA_TYPES } from './mediaType.ts'
import { errorResponse, type ServiceResponse } from './response.ts'

/** The largest request body accepted (4 MiB); a larger one gets 413. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024

/** The OpenAPI 3.1 description, checked in beside `package.json` and served at `/v1/openapi.yaml`. */
export const OPENAPI_PATH = fileURLToPath(new URL('../openapi.yaml', import.meta.url))

/** Options of `buildServer`. */
export interface ServerOptions {
  /** largest request body in bytes; default `DEFAULT_BODY_LIMIT` */
  bodyLimit?: number
  /** log each request as a JSON line on stdout (pino); default false */
  logger?: boolean
  /** the engine's worker threads, queue and per-request budget (see `HandlerPool`) */
  pool?: PoolOptions
  /** host names besides IP addresses and `localhost` that requests may name in `Host` */
  allowedHosts?: readonly string[]
  /** open connections at most; default 256 */
  maxConnections?: number
  /** ms to read a request's headers and body; default 30,000 (then 408) */
  requestTimeoutMs?: number
}

/**
 * The HTTP service: routes, body parsing and error bodies. It does not listen; see `startServer`.
 * Every route copies a pure handler's `ServiceResponse` onto the reply.
 */
export function buildServer(options: ServerOptions = {}): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const app = Fastify({
    bodyLimit,
    logger: options.logger ?? false,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: 60_000,
    // note: errors before a request exists (headers too large, a slow client, bad HTTP) get the
    // service's error body too, not Node's bare one
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return
      const r = clientErrorResponse(error)
      socket.end(
        `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? 'Bad Request'}\r\nContent-Type: ${r.contentType}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\nConnection: close\r\n\r\n${r.body}`,
      )
    },
  })
  app.server.maxConnections = options.maxConnections ?? 256
  const pool = new HandlerPool(options.pool)
  app.addHook('onReady', () => pool.whenReady())
  app.addHook('onClose', () => pool.close())
  const allowedHosts = options.allowedHosts ?? []
  app.addHook('onRequest', (req, reply, done) => {
    if (isAllowedHost(req.headers.host, allowedHosts)) return done()
    void send(
      reply,
      errorResponse(403, [
        {
          code: 'host-not-allowed',
          message: `Host "${req.headers.host ?? ''}" is not this service's; use an IP address or localhost, or start the service with --allow-host NAME`,
        },
      ]),
    )
  })
  const openapi = readFileSync(OPENAPI_PATH, 'utf8')

  // Bodies are handed to the handlers as text; they pick the reader from the media type.
  app.removeAllContentTypeParsers()
  // note: read as bytes and decoded here, strictly: invalid UTF-8 is refused, never replaced by U+FFFD
  app.addContentTypeParser(Object.keys(REQUEST_MEDIA_TYPES), { parseAs: 'buffer' }, (_req, body, done) => done(null, body))

  const send = (reply: FastifyReply, r: ServiceResponse) => {
    // note: a handler is pure; the bug behind its 500 reaches the log here
    if (r.internalError !== undefined) reply.log.error(r.internalError)
    if (r.headers) reply.headers(r.headers)
    return reply.code(r.status).type(r.contentType).send(r.body)
  }
  const domainRequest = (req: { headers: Record<string, unknown>; body: unknown; query: unknown }): DomainRequest | ServiceResponse => {
    const text = req.body instanceof Uint8Array ? decodeUtf8(req.body) : { ok: true as const, value: '' }
    if (!text.ok)
      return errorResponse(400, [
        {
          code: text.error.code,
          message: text.error.message,
          ...(text.error.byteOffset === undefined ? {} : { byteOffset: text.error.byteOffset }),
        },
      ])
    return {
      contentType: typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : undefined,
      body: text.value,
      query: (req.query ?? {}) as Record<string, unknown>,
    }
  }
  const runOnPool = async (route: EngineRoute, req: Parameters<typeof domainRequest>[0]): Promise<ServiceResponse> => {
    const request = domainRequest(req)
    return 'status' in request ? request : pool.run(route, request)
  }

  // note: the engine runs on the pool's workers: a slow domain never holds up /healthz or another client
  app.post('/v1/expand', async (req, reply) => send(reply, await runOnPool('expand', req)))
  app.post('/v1/explain', async (req, reply) => send(reply, await runOnPool('explain', req)))
  app.post('/v1/hotplug', async (req, reply) => send(reply, await runOnPool('hotplug', req)))
  app.post('/v1/drift', async (req, reply) => send(reply, await runOnPool('drift', req)))
  app.get('/v1/policies', (_req, reply) => send(reply, handlePolicies()))
  app.get('/v1/openapi.yaml', (_req, reply) => send(reply, { status: 200, contentType: RESPONSE_MEDIA_TYPES.yaml, body: openapi }))
  app.get('/healthz', (_req, reply) => send(reply, handleHealth()))

  app.setNotFoundHandler((req, reply) =>
    send(
      reply,
      errorResponse(404, [{ code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}; see /v1/openapi.yaml` }]),
    ),
  )
  app.setErrorHandler((error: FastifyError, req, reply) =>
    send(
      reply,
      errorFor(error, bodyLimit, (e) => req.log.error(e)),
    ),
  )
  return app
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
}

/** A connection-level error (Node's HTTP parser or timeouts) in the service's error shape. */
function clientErrorResponse(error: Error & { code?: string }): ServiceResponse {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return errorResponse(431, [{ code: 'headers-too-large', message: 'the request headers are larger than the server accepts (16 KiB)' }])
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errorResponse(408, [{ code: 'request-timeout', message: 'the request was not received in time' }])
    default:
      return errorResponse(400, [{ code: 'bad-http', message: 'the request is not valid HTTP/1.1' }])
  }
}

/** Fastify's own errors (body too large, no parser for the media type…) in the service's error shape. */
function errorFor(error: FastifyError, bodyLimit: number, log: (e: unknown) => void): ServiceResponse {
  const status = error.statusCode ?? 500
  switch (status) {
    case 413:
      return errorResponse(413, [{ code: 'body-too-large', message: `the request body is larger than ${bodyLimit} bytes` }])
    case 415:
      return errorResponse(415, [
        { code: 'unsupported-media-type', message: `send one of ${Object.keys(REQUEST_MEDIA_TYPES).join(', ')} (UTF-8)` },
      ])
    default:
      if (status >= 400 && status < 500) return errorResponse(status, [{ code: 'bad-request', message: error.message }])
      // note: an exception from the engine is a bug; the body says so without a stack trace
      log(error)
      return errorResponse(500, [{ code: 'internal', message: 'internal error in devaddr; the server log has the details' }])
  }
}

/** A listening server. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT` (the real port when 0 was asked for) */
  url: string
  port: number
  /** stops accepting connections and waits for the requests in flight */
  close(): Promise<void>
}

/**
 * Builds the server and listens on `host:port` (port 0: an ephemeral port).
 * @example const s = await startServer({ host: '127.0.0.1', port: 0 }); await fetch(`${s.url}/healthz`); await s.close()
 */
export async function startServer(listen: { host: string; port: number }, options: ServerOptions = {}): Promise<RunningServer> {
  const app = buildServer(options)
  await app.listen({ host: listen.host, port: listen.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : listen.port
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host
  return { url: `http://${host}:${port}`, port, close: () => app.close() }
}

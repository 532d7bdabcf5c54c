import { parseArgs } from 'node:util'

import type { Result } from 'devaddr'

/** What `devaddr-service` was asked to do. */
export interface ServiceArgs {
  /** default 127.0.0.1: the service binds to loopback unless told otherwise */
  host: string
  /** default 8080; 0 picks an ephemeral port */
  port: number
  /** largest request body in bytes */
  bodyLimit: number
  /** log each request as a JSON line */
  log: boolean
  /** host names requests may use besides IP addresses and localhost (`--allow-host`, repeatable) */
  allowedHosts: string[]
  /** engine worker threads */
  workers: number
  /** CPU budget per request, ms */
  timeoutMs: number
  help: boolean
}

export const USAGE = `usage: pnpm --filter @devaddr/service start -- [--host 127.0.0.1] [--port 8080] [--body-limit BYTES]
         [--allow-host NAME]... [--workers 2] [--timeout-ms 10000] [--quiet]

HTTP JSON service over the devaddr engine. Binds to 127.0.0.1 unless --host says otherwise.
Endpoints: POST /v1/expand, /v1/explain, /v1/hotplug; GET /v1/policies, /v1/openapi.yaml, /healthz.
The engine runs on --workers threads; a request past --timeout-ms of CPU gets 422 time-limit.
Requests must name the service by an IP address or localhost in Host, or by a --allow-host NAME.
`

/**
 * Reads the command line. A bare `--` (what `pnpm start -- --port 1` may pass on) is skipped.
 * @returns the arguments, or a message for stderr
 */
export function readServiceArgs(argv: readonly string[], defaults: { bodyLimit: number }): Result<ServiceArgs, string> {
  try {
    const { values, positionals } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        'body-limit': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'allow-host': { type: 'string', multiple: true, default: [] },
        workers: { type: 'string', default: '2' },
        'timeout-ms': { type: 'string', default: '10000' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length > 0) return { ok: false, error: `unexpected argument "${positionals[0]}"` }
    const port = Number(values.port)
    if (!/^\d+$/.test(values.port) || port > 65535) return { ok: false, error: `--port must be 0..65535, not "${values.port}"` }
    if (values.host === '') return { ok: false, error: '--host needs an address' }
    const limitText = values['body-limit']
    const bodyLimit = limitText === undefined ? defaults.bodyLimit : Number(limitText)
    if (limitText !== undefined && (!/^\d+$/.test(limitText) || bodyLimit < 1))
      return { ok: false, error: `--body-limit must be a positive number of bytes, not "${limitText}"` }
    const workers = Number(values.workers)
    if (!/^\d+$/.test(values.workers) || workers < 1 || workers > 64)
      return { ok: false, error: `--workers must be 1..64, not "${values.workers}"` }
    const timeoutMs = Number(values['timeout-ms'])
    if (!/^\d+$/.test(values['timeout-ms']) || timeoutMs < 1)
      return { ok: false, error: `--timeout-ms must be a positive number of ms, not "${values['timeout-ms']}"` }
    const allowedHosts = values['allow-host']
    if (allowedHosts.some((h) => h === '' || /[\s/:]/.test(h)))
      return { ok: false, error: '--allow-host takes a host name (no port, no scheme)' }
    return {
      ok: true,
      value: { host: values.host, port, bodyLimit, log: !values.quiet, allowedHosts, workers, timeoutMs, help: values.help },
    }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

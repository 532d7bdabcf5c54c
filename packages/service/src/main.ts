import { readServiceArgs, USAGE } from './cliArgs.ts'
import { DEFAULT_BODY_LIMIT, startServer } from './server.ts'

/** How long SIGTERM waits for requests in flight before the process leaves anyway. */
const SHUTDOWN_GRACE_MS = 5_000

const args = readServiceArgs(process.argv.slice(2), { bodyLimit: DEFAULT_BODY_LIMIT })
if (!args.ok) {
  process.stderr.write(`${args.error}\n\n${USAGE}`)
  process.exit(2)
}
if (args.value.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const { host, port, bodyLimit, log, allowedHosts, workers, timeoutMs } = args.value
const server = await startServer({ host, port }, { bodyLimit, logger: log, allowedHosts, pool: { workers, timeoutMs } })
process.stderr.write(`devaddr service listening on ${server.url} (OpenAPI: ${server.url}/v1/openapi.yaml)\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // note: the engine runs on worker threads, so the event loop is free to see the signal at once
    const deadline = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS)
    deadline.unref()
    void server.close().then(() => process.exit(0))
  })
}

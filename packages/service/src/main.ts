import { readServiceArgs, USAGE } from './cliArgs.ts'
import { DEFAULT_BODY_LIMIT, startServer } from './server.ts'

const args = readServiceArgs(process.argv.slice(2), { bodyLimit: DEFAULT_BODY_LIMIT })
if (!args.ok) {
  process.stderr.write(`${args.error}\n\n${USAGE}`)
  process.exit(2)
}
if (args.value.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const server = await startServer({ host: args.value.host, port: args.value.port }, { bodyLimit: args.value.bodyLimit, logger: args.value.log })
process.stderr.write(`devaddr service listening on ${server.url} (OpenAPI: ${server.url}/v1/openapi.yaml)\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0))
  })
}
